package org.jamesfix.guice;

import java.io.FileNotFoundException;
import java.nio.file.Path;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.TableRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The module named in extensions.properties. It binds one {@link Policy}, read from
 * {@code conf/main.cf} with the tables it names (relative table paths are resolved against
 * conf/), that James injects into our mailets, matchers, SMTP hooks, routes and startables.
 * It binds only our own types, so it runs in any James app without overriding core bindings.
 *
 * Errors: a malformed main.cf or table stops James at startup with file, line and problem.
 */
public class JamesfixModule extends AbstractModule {
    static final String CONF = FileSystem.FILE_PROTOCOL_AND_CONF;
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesfixModule.class);

    @Provides
    @Singleton
    Policy policy(FileSystem fileSystem, JamesTables jamesTables) throws FileNotFoundException {
        Path conf = fileSystem.getFile(CONF).toPath();
        TableRegistry registry = TableRegistry.standard(conf).with("james", jamesTables);
        Policy policy = Policy.load(conf.resolve("main.cf"), registry);
        policy.warnings().forEach(warning -> LOGGER.warn("Jamesfix: {}", warning));
        LOGGER.info("Jamesfix policy loaded from {}main.cf: myhostname = {}, {} table(s)", CONF,
            policy.parameters().get("myhostname"), policy.tables().all().size());
        return policy;
    }
}
