package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle client gets Postfix's "421 4.4.2 HOST Error: timeout exceeded" (observed on Postfix
 * 3.7.11 as "421 4.4.2 mail.example.com Error: timeout exceeded") before the close, instead of
 * James's silent close, after main.cf's smtpd_timeout. The shipped value is Postfix's 300 s; this
 * test sets "2s" in main.cf (Postfix's time syntax) and smtpserver.xml's connectiontimeout to 1 s,
 * which must not matter (the launcher's server replaces James's timer); the submission listener
 * sets its own (a {@code <param>}, as master.cf's -o).
 */
class IdleTimeoutIT {
    @TempDir
    static Path install;
    private static PackagedJamesfix packaged;

    @BeforeAll
    static void start() throws Exception {
        packaged = PackagedJamesfix.start(install.resolve("james"), conf -> {
            Files.writeString(conf.resolve("main.cf"), "\nsmtpd_timeout = 2s\n", StandardOpenOption.APPEND);
            Path smtpserver = conf.resolve("smtpserver.xml");
            Files.writeString(smtpserver, Files.readString(smtpserver)
                .replace("<connectiontimeout>300</connectiontimeout>", "<connectiontimeout>1</connectiontimeout>")
                .replace(
                "<param name=\"smtpd_tls_security_level\">encrypt</param>",
                "<param name=\"smtpd_tls_security_level\">encrypt</param>\n        <param name=\"smtpd_timeout\">1m</param>"));
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        packaged.close();
    }

    @Test
    void idleClientShouldGetPostfixTimeoutReplyWhenItSendsNothing() throws Exception {
        try (SmtpDialog dialog = SmtpDialog.connect(packaged.ports().of(TestPorts.SMTP), "127.0.0.9")) {
            dialog.send("EHLO client.example");
            long start = System.nanoTime();
            assertThat(dialog.nextReply()).isEqualTo("421 4.4.2 mail.example.test Error: timeout exceeded");
            // smtpd_timeout's 2 s, not connectiontimeout's 1 s.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1800));
            assertThat(dialog.closedByServer()).isTrue();
        }
    }

    @Test
    void listenerParamShouldOverrideMainCfTimeoutWhenSet() throws Exception {
        try (SmtpDialog dialog = SmtpDialog.connect(packaged.ports().of(TestPorts.SUBMISSION), "127.0.0.9")) {
            dialog.send("EHLO client.example");
            Thread.sleep(Duration.ofSeconds(4).toMillis());
            // Past main.cf's 2 s, within the listener's 1m: still served.
            assertThat(dialog.send("NOOP")).startsWith("250");
        }
    }
}
