package org.jamesfix.launcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.apache.james.ExtraProperties;
import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerMain;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.RunArguments;
import org.apache.james.modules.RunArgumentsModule;
import org.apache.james.modules.server.JMXServerModule;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.DataProbeImpl;
import org.slf4j.Logger;

import com.google.inject.Scopes;
import org.slf4j.LoggerFactory;

/**
 * Starts the James 3.8.1 memory-app the way James's own main does, from our class, so that later
 * versions can override core bindings (a durable mail queue, say) that extension modules cannot.
 * Before starting it checks that every configured port is free; after starting it creates the
 * users listed in conf/users.properties, since the memory-app forgets users on restart.
 * A missing TLS keystore is generated (self-signed) at first start.
 */
public final class JamesfixServerMain {
    static {
        // For var/log/mail.log's "postfix/smtpd[pid]" (conf/logback.xml); set before logging starts.
        System.setProperty("jamesfix.pid", String.valueOf(ProcessHandle.current().pid()));
        // James puts each client's reverse name in its log context, asking the system resolver on
        // the SMTP I/O thread at every connect; a burst of connections then stalls every session.
        // Read once when James's protocol classes load, so it must be set before.
        if (System.getProperty("james.protocols.mdc.hostname") == null) {
            System.setProperty("james.protocols.mdc.hostname", "false");
        }
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(JamesfixServerMain.class);

    private JamesfixServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ExtraProperties.initialize();
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .useWorkingDirectoryEnvProperty()
            .build();
        Path workingDirectory = Path.of(configuration.directories().getRootDirectory());
        Path conf = workingDirectory.resolve("conf");
        try {
            PortCheck.requireFreePorts(conf);
        } catch (IllegalStateException e) {
            System.err.println("jamesfix: " + e.getMessage());
            System.exit(1);
        }

        GuiceJamesServer server = createServer(configuration, args);
        JamesServerMain.main(server);
        provisionUsers(server, conf);
        LOGGER.info("Jamesfix started");
    }

    /** Creates the users of conf/users.properties that the running server does not know yet. */
    public static void provisionUsers(GuiceJamesServer server, Path conf) throws Exception {
        UserProvisioning.fromFile(conf.resolve(UserProvisioning.FILE_NAME))
            .provision(server.getProbe(DataProbeImpl.class));
    }

    /**
     * The memory-app with JMX and the fake search index, as James's main builds it, with SMTP
     * servers that tell the SMTP handler about input sent ahead (reject_unauth_pipelining).
     */
    public static GuiceJamesServer createServer(MemoryJamesConfiguration configuration, String... args) {
        return MemoryJamesServerMain.createServer(configuration)
            .combineWith(new FakeSearchMailboxModule(), new JMXServerModule())
            .overrideWith(new RunArgumentsModule(withKeystoreGeneration(args)),
                binder -> binder.bind(SMTPServerFactory.class).to(InputAheadSmtpServerFactory.class).in(Scopes.SINGLETON));
    }

    private static String[] withKeystoreGeneration(String[] args) {
        String generate = RunArguments.Argument.GENERATE_KEYSTORE.getRawValue();
        if (Arrays.asList(args).contains(generate)) {
            return args;
        }
        return Stream.concat(Arrays.stream(args), Stream.of(generate)).toArray(String[]::new);
    }
}
