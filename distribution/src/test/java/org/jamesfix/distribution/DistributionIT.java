package org.jamesfix.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jamesfix.testing.Mailboxes;
import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.PackagedJamesfix.Result;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the packaged distribution (target/jamesfix, as the tarball holds it) started with
 * bin/jamesfix as a separate process, driven by real clients over real TLS, then stopped with
 * SIGTERM. Its conf/ is moved to free ports; nothing else is changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    private static final Path DIST = PackagedJamesfix.DIST;
    private static final String ALICE = "alice@example.test";
    private static final String ALICE_PASSWORD = "alice-secret";

    @TempDir
    static Path installs;
    private static PackagedJamesfix packaged;
    private static TestPorts ports;
    private static Process james;
    private static Path home;

    @BeforeAll
    static void startDistribution() throws Exception {
        packaged = PackagedJamesfix.start(installs.resolve("running"), conf -> { });
        ports = packaged.ports();
        james = packaged.process();
        home = packaged.home();
    }

    @AfterAll
    static void killLeftovers() throws InterruptedException {
        packaged.close();
    }

    @Test
    @Order(1)
    void smtpPortShouldGreet() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(ports.of(TestPorts.SMTP))) {
            assertThat(smtp.greeting()).isEqualTo("220 mail.example.test ESMTP Jamesfix");
        }
    }

    @Test
    @Order(2)
    void plainSmtpToLocalUserShouldReachInbox() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(ports.of(TestPorts.SMTP))) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: e2e plain smtp\r\n\r\nhello\r\n.")).startsWith("250");
        }
        assertThat(Mailboxes.awaitSubject(ports.of(TestPorts.IMAP), ALICE, ALICE_PASSWORD, "e2e plain smtp",
            Duration.ofSeconds(30))).isTrue();
    }

    @Test
    @Order(3)
    void submissionWithStartTlsAndAuthShouldReachInbox() throws Exception {
        Mailboxes.submit(ports.of(TestPorts.SUBMISSION), ALICE, ALICE_PASSWORD, ALICE, "e2e submission");

        assertThat(Mailboxes.awaitSubject(ports.of(TestPorts.IMAP), ALICE, ALICE_PASSWORD, "e2e submission",
            Duration.ofSeconds(30))).isTrue();
    }

    @Test
    @Order(4)
    void authWithoutTlsOnSmtpPortShouldBeRefused() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(ports.of(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");
            assertThat(smtp.authPlain(ALICE, ALICE_PASSWORD)).isEqualTo("503 5.5.1 Error: authentication not enabled");
        }
    }

    @Test
    @Order(4)
    void smtpsShouldAnnounceAndRefuseAuthAsPostfix() throws Exception {
        try (SmtpDialog smtps = SmtpDialog.connectTls(ports.of(TestPorts.SMTPS), "127.0.0.2")) {
            // Replies recorded from Postfix 3.7.11 (conformance/sasl/sessions.ref).
            assertThat(smtps.send("EHLO client.example")).contains("AUTH PLAIN LOGIN").doesNotContain("AUTH=");
            assertThat(smtps.authPlain(ALICE, "wrong-secret")).isEqualTo("535 5.7.8 Error: authentication failed: authentication failure");
        }
        assertThat(Files.readString(home.resolve("console.log"), StandardCharsets.UTF_8)).contains(
            "warning: unknown[127.0.0.2]: SASL PLAIN authentication failed: authentication failure, sasl_username=alice@example.test");
    }

    @Test
    @Order(5)
    void unauthenticatedClientOutsideMynetworksShouldNotRelay() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(ports.of(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<victim@outside.example>")).isEqualTo("554 5.7.1 <victim@outside.example>: Relay access denied");
        }
        // Postfix's greppable line, in var/log/mail.log in syslog shape: fail2ban's stock postfix
        // filter matched these lines unchanged (fail2ban-regex, Debian's fail2ban 1.0.2).
        assertThat(Files.readAllLines(home.resolve("var/log/mail.log"), StandardCharsets.UTF_8)).anyMatch(line -> line.matches(
            "[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\S+ postfix/smtpd\\[\\d+\\]: "
                + java.util.regex.Pattern.quote("NOQUEUE: reject: RCPT from unknown[127.0.0.2]: 554 5.7.1 <victim@outside.example>: "
                + "Relay access denied; from=<sender@remote.example> to=<victim@outside.example> proto=ESMTP helo=<client.example>")));
    }

    @Test
    @Order(6)
    void postconfShouldShowMainCf() throws Exception {
        Result postconf = PackagedJamesfix.run(home, Map.of(), "bin/postconf", "-n");

        assertThat(postconf.exitCode()).isZero();
        assertThat(postconf.output()).contains("myhostname = mail.example.test\n", "smtpd_tls_auth_only = yes\n");
    }

    @Test
    @Order(7)
    void postmapShouldCompileAndQueryIndexedTable() throws Exception {
        Path source = home.resolve("conf/virtual");
        Files.writeString(source, "# test table\nAlice@Example.Test  alice@example.test\nbob@example.test  bob@other.test\n");

        assertThat(PackagedJamesfix.run(home, Map.of(), "bin/postmap", "hash:" + source).exitCode()).isZero();
        assertThat(Files.isDirectory(home.resolve("conf/virtual.lucene"))).isTrue();

        Result found = PackagedJamesfix.run(home, Map.of(), "bin/postmap", "-q", "alice@example.test", "hash:" + source);
        assertThat(found.exitCode()).isZero();
        assertThat(found.output()).isEqualTo("alice@example.test\n");

        Result missing = PackagedJamesfix.run(home, Map.of(), "bin/postmap", "-q", "carol@example.test", "hash:" + source);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEmpty();

        Result missingFile = PackagedJamesfix.run(home, Map.of(), "bin/postmap", "-q", "x", "texthash:/nonexistent/table");
        assertThat(missingFile.exitCode()).isEqualTo(1);
        assertThat(missingFile.output()).startsWith("postmap: fatal: ");
    }

    @Test
    @Order(100)
    void sigtermShouldStopServerAndLeaveNothingRunning() throws Exception {
        List<ProcessHandle> processes = Stream.concat(Stream.of(james.toHandle()), james.descendants()).collect(Collectors.toList());

        james.destroy();

        assertThat(james.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        for (int shippedPort : List.of(TestPorts.SMTP, TestPorts.SUBMISSION, TestPorts.SMTPS, TestPorts.IMAP, TestPorts.WEBADMIN)) {
            assertThat(canBind(ports.of(shippedPort))).as("port %d released", ports.of(shippedPort)).isTrue();
        }
    }

    @Test
    void helpShouldPrintUsage() throws Exception {
        Result help = PackagedJamesfix.run(DIST, Map.of(), "bin/jamesfix", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("Usage: bin/jamesfix", "2525", "5587", "4465", "1143", "8000");
    }

    @Test
    void takenPortShouldBeReportedClearly() throws Exception {
        PackagedJamesfix other = PackagedJamesfix.install(installs.resolve("port-taken"));
        TestPorts otherPorts = other.ports();
        Path otherHome = other.home();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", otherPorts.of(TestPorts.SUBMISSION)));

            Result start = PackagedJamesfix.run(otherHome, Map.of(), "bin/jamesfix");

            assertThat(start.exitCode()).isEqualTo(1);
            assertThat(start.output()).contains("jamesfix: cannot start: port 127.0.0.1:" + otherPorts.of(TestPorts.SUBMISSION)
                + " (smtpserver.xml) is not available");
        }
    }

    @Test
    void missingJavaShouldBeReportedClearly(@TempDir Path noJavaPath) throws Exception {
        for (String tool : List.of("bash", "dirname", "basename", "sed", "head")) {
            Files.createSymbolicLink(noJavaPath.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }

        Result start = PackagedJamesfix.run(DIST, Map.of("PATH", noJavaPath.toString(), "JAVA_HOME", ""), noJavaPath.resolve("bash").toString(),
            DIST.resolve("bin/jamesfix").toString());

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.output()).contains("jamesfix: Java not found");
    }

    @Test
    void libFolderShouldHoldEveryJarTheAppManifestNames() throws Exception {
        String classPath;
        try (JarFile app = new JarFile(DIST.resolve("james-server-memory-app.jar").toFile())) {
            classPath = app.getManifest().getMainAttributes().getValue("Class-Path");
        }
        List<String> entries = List.of(classPath.trim().split("\\s+"));

        assertThat(entries).hasSizeGreaterThan(300);
        assertThat(entries).allMatch(entry -> Files.exists(DIST.resolve(entry)), "exists in the distribution");
        try (Stream<Path> libs = Files.list(DIST.resolve("james-server-memory-app.lib"))) {
            assertThat(libs.count()).isEqualTo(entries.size());
        }
    }

    @Test
    void tarballShouldHoldTheRunnableFolder() throws Exception {
        Path tarball;
        try (Stream<Path> files = Files.list(DIST.getParent())) {
            tarball = files.filter(file -> file.getFileName().toString().matches("jamesfix-.*\\.tar\\.gz")).findFirst().orElseThrow();
        }

        Result listing = PackagedJamesfix.run(DIST, Map.of(), "tar", "-tvzf", tarball.toString());

        assertThat(listing.output())
            .containsPattern("-rwxr-xr-x .* jamesfix/bin/jamesfix\n")
            .contains("jamesfix/extensions-jars/jamesfix-extension.jar", "jamesfix/conf/main.cf",
                "jamesfix/james-server-memory-app.jar", "jamesfix/lib/jamesfix-launcher.jar")
            .doesNotContain("keystore");
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
