package org.jamesfix.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged distribution (target/jamesfix, as the tarball holds it) installed into a private
 * folder and started with bin/jamesfix as a separate process: end-to-end tests talk to it over
 * real sockets. The install has its own conf/ moved to free ports (and edited by the test, if it
 * asks); the James jars are shared by symbolic links. Close it to stop the server (SIGTERM, then
 * kill).
 */
public final class PackagedJamesfix implements AutoCloseable {
    public static final Path DIST = Path.of(System.getProperty("jamesfix.dist.dir", "target/jamesfix"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final TestPorts ports;
    private Process process;

    private PackagedJamesfix(Path home, TestPorts ports) {
        this.home = home;
        this.ports = ports;
    }

    /** Installs into {@code target} on fresh ports, without starting. */
    public static PackagedJamesfix install(Path target) throws IOException {
        return install(target, conf -> { });
    }

    /** Installs into {@code target} on fresh ports, then lets the test edit the copied conf/. */
    public static PackagedJamesfix install(Path target, InProcessJamesfix.ConfEdit edit) throws IOException {
        TestPorts ports = TestPorts.allocate();
        Files.createDirectories(target);
        ports.copyConf(DIST.resolve("conf"), target.resolve("conf"));
        for (String dir : List.of("bin", "extensions-jars", "lib")) {
            copyFolder(DIST.resolve(dir), target.resolve(dir));
        }
        for (String shared : List.of("james-server-memory-app.jar", "james-server-memory-app.lib")) {
            Files.createSymbolicLink(target.resolve(shared), DIST.resolve(shared).toAbsolutePath());
        }
        edit.apply(target.resolve("conf"));
        return new PackagedJamesfix(target, ports);
    }

    /** Installs, starts, and waits for "Jamesfix started". */
    public static PackagedJamesfix start(Path target, InProcessJamesfix.ConfEdit edit) throws Exception {
        PackagedJamesfix james = install(target, edit);
        james.start(Map.of());
        return james;
    }

    /** Starts bin/jamesfix with extra environment variables and waits until it has started. */
    public void start(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/jamesfix").toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String log = consoleText();
            if (log.contains("Jamesfix started")) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("bin/jamesfix exited with " + process.exitValue() + ":\n" + log);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no 'Jamesfix started' within " + START_TIMEOUT + ":\n" + consoleText());
    }

    public Path home() {
        return home;
    }

    public Process process() {
        return process;
    }

    /** The port a shipped default listener (TestPorts.SMTP ...) was moved to. */
    public int port(int shippedPort) {
        return ports.of(shippedPort);
    }

    public TestPorts ports() {
        return ports;
    }

    /** What bin/jamesfix printed (stdout and stderr). */
    public Path console() {
        return home.resolve("console.log");
    }

    public String consoleText() throws IOException {
        return Files.exists(console()) ? Files.readString(console(), StandardCharsets.UTF_8) : "";
    }

    /** var/log/mail.log, Postfix's log lines. */
    public List<String> mailLog() throws IOException {
        Path log = home.resolve("var/log/mail.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** var/log/james.log, James's own log. */
    public String jamesLog() throws IOException {
        Path log = home.resolve("var/log/james.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Runs a command (bin/... relative to the install) in the install folder; output is stdout and stderr. */
    public Result run(Map<String, String> environment, String... command) throws Exception {
        return run(home, environment, command);
    }

    /** Runs a command in a folder; a leading bin/... is taken relative to that folder. */
    public static Result run(Path directory, Map<String, String> environment, String... command) throws Exception {
        if (command[0].startsWith("bin/")) {
            command[0] = directory.resolve(command[0]).toString();
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process started = builder.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!started.waitFor(120, TimeUnit.SECONDS)) {
            started.destroyForcibly();
            throw new AssertionError("still running after 120 s: " + String.join(" ", command) + "\n" + output);
        }
        return new Result(started.exitValue(), output);
    }

    /** SIGTERM, then kill whatever is left after 60 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** A finished command: exit code and its output. */
    public record Result(int exitCode, String output) {
    }
}
