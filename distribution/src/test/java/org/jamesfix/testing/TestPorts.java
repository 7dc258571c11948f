package org.jamesfix.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A copy of a shipped conf/ folder moved to free loopback ports, so tests never collide with a
 * running Jamesfix or each other. Ports are the shipped defaults mapped to fresh ones.
 */
public final class TestPorts {
    public static final int SMTP = 2525;
    public static final int SUBMISSION = 5587;
    public static final int SMTPS = 4465;
    public static final int IMAP = 1143;
    public static final int WEBADMIN = 8000;

    private static final int FIRST_PORT = 20000;
    private static final int PORT_SPAN = 12000;
    private static final AtomicInteger NEXT = new AtomicInteger((int) (ProcessHandle.current().pid() % 100) * 120);

    private final Map<Integer, Integer> ports;

    private TestPorts(Map<Integer, Integer> ports) {
        this.ports = ports;
    }

    /** Picks a free port for each listener of the sample configuration. */
    public static TestPorts allocate() {
        return new TestPorts(Map.of(SMTP, freePort(), SUBMISSION, freePort(), SMTPS, freePort(),
            IMAP, freePort(), WEBADMIN, freePort()));
    }

    /** The port a shipped default was moved to. */
    public int of(int shippedPort) {
        return ports.get(shippedPort);
    }

    /** Copies every file of {@code from} into {@code to}, rewriting the listener ports. */
    public void copyConf(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith("keystore")) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    Files.writeString(to.resolve(file.getFileName()), rewrite(text), StandardCharsets.UTF_8);
                }
            }
        }
    }

    private String rewrite(String text) {
        String result = text;
        for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
            result = result.replace("127.0.0.1:" + port.getKey() + "<", "127.0.0.1:" + port.getValue() + "<")
                .replace("port=" + port.getKey() + "\n", "port=" + port.getValue() + "\n");
        }
        return result;
    }

    /**
     * A port nobody listens on now, on the loopback address, never handed out before in this JVM.
     * Taken below Linux's ephemeral range (32768 and up), so the tests' own client connections
     * cannot occupy it between this call and the server's bind; the start depends on the process
     * id so that two test JVMs rarely walk the same ports.
     */
    public static int freePort() {
        for (int tries = 0; tries < PORT_SPAN; tries++) {
            int port = FIRST_PORT + Math.floorMod(NEXT.getAndIncrement(), PORT_SPAN);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // In use: try the next one.
            }
        }
        throw new UncheckedIOException(new IOException("no free port between " + FIRST_PORT + " and " + (FIRST_PORT + PORT_SPAN)));
    }
}
