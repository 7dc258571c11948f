package org.jamesfix.launcher;

import java.nio.file.Files;
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
    private static final String EXIT_ON_STARTUP_ERROR = "james.exit.on.startup.error";

    static {
        // For var/log/mail.log's "postfix/smtpd[pid]" (conf/logback.xml); set before logging starts.
        System.setProperty("jamesfix.pid", String.valueOf(ProcessHandle.current().pid()));
        // A client may not start a TLS renegotiation (a cheap way to make the server work hard);
        // the JDK reads this once, before the first handshake. bin/jamesfix sets it too.
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
        // A startup failure comes back to main(), which prints its reason alone (StartupFailure).
        if (System.getProperty(EXIT_ON_STARTUP_ERROR) == null) {
            System.setProperty(EXIT_ON_STARTUP_ERROR, "false");
        }
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

        warnIfMainCfMissing(conf);
        GuiceJamesServer server = createServer(configuration, args);
        try {
            JamesServerMain.main(server);
            provisionUsers(server, conf);
        } catch (Throwable e) {
            System.err.println("jamesfix: " + StartupFailure.reason(e));
            if (StartupFailure.debug()) {
                e.printStackTrace();
            } else {
                System.err.println("jamesfix: the stack trace is printed with bin/jamesfix --debug");
            }
            System.exit(1);
        }
        LOGGER.info("Jamesfix started");
    }

    /** Without conf/main.cf the policy is Postfix's defaults: say so on the console and in the log. */
    private static void warnIfMainCfMissing(Path conf) {
        Path mainCf = conf.resolve("main.cf");
        if (!Files.exists(mainCf)) {
            String warning = "warning: " + mainCf + " not found: running on Postfix's default values for every parameter";
            System.err.println("jamesfix: " + warning);
            LOGGER.warn("{}", warning);
        }
    }

    /** Creates the users of conf/users.properties that the running server does not know yet. */
    public static void provisionUsers(GuiceJamesServer server, Path conf) throws Exception {
        UserProvisioning.fromFile(conf.resolve(UserProvisioning.FILE_NAME))
            .provision(server.getProbe(DataProbeImpl.class));
    }

    /**
     * The memory-app with JMX and the fake search index, as James's main builds it, with SMTP
     * servers that tell the SMTP handler about input sent ahead (reject_unauth_pipelining) and
     * memory mail queues that WebAdmin's queue routes cannot empty ({@link MemoryMailQueues}).
     */
    public static GuiceJamesServer createServer(MemoryJamesConfiguration configuration, String... args) {
        return MemoryJamesServerMain.createServer(configuration)
            .combineWith(new FakeSearchMailboxModule(), new JMXServerModule())
            .overrideWith(new RunArgumentsModule(withKeystoreGeneration(args)), new MemoryMailQueues.Module(),
                binder -> binder.bind(SMTPServerFactory.class).to(PostfixSmtpServerFactory.class).in(Scopes.SINGLETON));
    }

    private static String[] withKeystoreGeneration(String[] args) {
        String generate = RunArguments.Argument.GENERATE_KEYSTORE.getRawValue();
        if (Arrays.asList(args).contains(generate)) {
            return args;
        }
        return Stream.concat(Arrays.stream(args), Stream.of(generate)).toArray(String[]::new);
    }
}
