package org.jamesfix.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.jamesfix.launcher.JamesfixServerMain;

import com.google.inject.Module;

/**
 * A real James 3.8.1 with Jamesfix, started in this JVM the way bin/jamesfix starts it, from a copy
 * of the shipped conf/ on free ports. Our classes come from the test class path, where James's
 * extension class loader finds them. Close it to stop the server.
 */
public final class InProcessJamesfix implements AutoCloseable {
    public static final Path SHIPPED_CONF = Path.of("..", "conf");

    private final GuiceJamesServer server;
    private final TestPorts ports;

    private InProcessJamesfix(GuiceJamesServer server, TestPorts ports) {
        this.server = server;
        this.ports = ports;
    }

    /** Copies the shipped conf into workDir/conf and starts James there. */
    public static InProcessJamesfix start(Path workDir) throws Exception {
        return start(workDir, conf -> { });
    }

    /** Same, letting the test edit the copied conf/ before the start. */
    public static InProcessJamesfix start(Path workDir, ConfEdit edit) throws Exception {
        return start(workDir, edit, new Module[0]);
    }

    /**
     * Same, with Guice modules that override James's bindings (a fake DNSService, say), as
     * {@link GuiceJamesServer#overrideWith} does for James's own tests.
     */
    public static InProcessJamesfix start(Path workDir, ConfEdit edit, Module... overrides) throws Exception {
        TestPorts ports = TestPorts.allocate();
        Path conf = workDir.resolve("conf");
        ports.copyConf(SHIPPED_CONF, conf);
        edit.apply(conf);
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(workDir.toFile())
            .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
            .build();
        GuiceJamesServer server = JamesfixServerMain.createServer(configuration).overrideWith(overrides);
        try {
            server.start();
            JamesfixServerMain.provisionUsers(server, conf);
        } catch (Exception e) {
            stop(server);
            throw e;
        }
        return new InProcessJamesfix(server, ports);
    }

    public int port(int shippedPort) {
        return ports.of(shippedPort);
    }

    public GuiceJamesServer server() {
        return server;
    }

    @Override
    public void close() {
        stop(server);
    }

    // James registers its MBeans in the JVM-wide server and leaves some behind after a failed
    // start; remove them so the next server in this JVM can register its own.
    private static void stop(GuiceJamesServer server) {
        server.stop();
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : mbeans.queryNames(new ObjectName("org.apache.james:*"), null)) {
                mbeans.unregisterMBean(name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot clean James's MBeans", e);
        }
    }

    /** A change to the copied configuration folder. */
    @FunctionalInterface
    public interface ConfEdit {
        void apply(Path conf) throws IOException;
    }
}
