package org.jamesfix.guice;

import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.jamesfix.config.ConfigException;
import org.jamesfix.policy.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The module named in extensions.properties. It binds one {@link Policy}, read from
 * {@code conf/main.cf}, that James injects into our mailets, matchers and SMTP hooks.
 * It binds only our own types, so it runs in any James app without overriding core bindings.
 *
 * Errors: a malformed main.cf stops James at startup with file, line and problem.
 */
public class JamesfixModule extends AbstractModule {
    static final String MAIN_CF = FileSystem.FILE_PROTOCOL_AND_CONF + "main.cf";
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesfixModule.class);

    @Provides
    @Singleton
    Policy policy(FileSystem fileSystem) throws ConfigException, FileNotFoundException {
        Policy policy = Policy.load(fileSystem.getFile(MAIN_CF).toPath());
        policy.warnings().forEach(warning -> LOGGER.warn("Jamesfix: {}", warning));
        LOGGER.info("Jamesfix policy loaded from {}: myhostname = {}", MAIN_CF, policy.parameters().get("myhostname"));
        return policy;
    }
}
