package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.SmtpSink;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postfix's per-session limits against the packaged server with its shipped configuration (the
 * relay gateway pointed at a sink standing for the outside world), from the untrusted 127.0.0.9.
 * Observed on Postfix 3.7.11 with the default limits: RCPT 1001 and later "452 4.5.3 Error: too
 * many recipients"; unknown commands 1-10 answered at once, 11-20 each after 1 s, the 20th reply
 * followed by "421 4.7.0 mail.example.com Error: too many errors" and the close; a failed AUTH is
 * an error like any other; over smtpd_client_auth_rate_limit "450 4.7.1 Error: too many AUTH
 * commands from 127.0.0.9".
 */
class SessionLimitsIT {
    @TempDir
    static Path install;
    private static PackagedJamesfix packaged;
    private static SmtpSink sink;
    private static int smtp;

    @BeforeAll
    static void start() throws Exception {
        sink = SmtpSink.start();
        packaged = PackagedJamesfix.start(install.resolve("james"), conf -> SmtpSink.routeRelayTo(conf, sink.port()));
        smtp = packaged.ports().of(TestPorts.SMTP);
    }

    @AfterAll
    static void stop() throws Exception {
        packaged.close();
        sink.close();
    }

    @Test
    void recipientOverTheLimitShouldGetPostfix452WhenAThousandAreAccepted() throws Exception {
        try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.9")) {
            dialog.send("EHLO client.example");
            assertThat(dialog.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            String[] rcpts = new String[1001];
            for (int i = 0; i < rcpts.length; i++) {
                rcpts[i] = "RCPT TO:<alice@example.test>";
            }
            List<String> replies = dialog.sendTogether(rcpts);
            assertThat(replies.subList(0, 1000)).allSatisfy(reply -> assertThat(reply).startsWith("250"));
            assertThat(replies.get(1000)).isEqualTo("452 4.5.3 Error: too many recipients");
            // Within smtpd_recipient_overshoot_limit the 452 is no error: the session goes on.
            assertThat(dialog.send("RSET")).startsWith("250");
        }
    }

    @Test
    void twentiethErrorShouldBeFollowedByPostfix421AndCloseWhenErrorsAccumulate() throws Exception {
        try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.9");
             SmtpDialog bystander = SmtpDialog.connect(smtp, "127.0.0.10")) {
            dialog.send("EHLO client.example");
            List<Long> millis = new ArrayList<>();
            String last = "";
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                last = dialog.send("MAIL FROM:<bad address>");
                millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
                if (i == 15) {
                    // Sleeping is no blocked I/O thread: another session is answered meanwhile.
                    long noop = System.nanoTime();
                    assertThat(bystander.send("NOOP")).startsWith("250");
                    assertThat(Duration.ofNanos(System.nanoTime() - noop)).isLessThan(Duration.ofMillis(900));
                }
            }
            assertThat(last).startsWith("501 ");
            assertThat(dialog.nextReply()).isEqualTo("421 4.7.0 mail.example.test Error: too many errors");
            assertThat(dialog.closedByServer()).isTrue();
            // Replies 11-20 each waited smtpd_error_sleep_time (1 s); a loaded machine only adds.
            assertThat(millis.subList(10, 20)).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(950L));
        }
        assertThat(packaged.mailLog()).anySatisfy(line -> assertThat(line).contains("too many errors after MAIL from unknown[127.0.0.9]"));
    }

    @Test
    void wrongPasswordsShouldBeSlowedThenRefusedWhenRepeated() throws Exception {
        long start = System.nanoTime();
        int refusedByRate = 0;
        int attempts = 0;
        // Three sessions of up to 20 wrong passwords: each session is cut at the hard error limit,
        // and the shipped smtpd_client_auth_rate_limit (30 a minute) refuses the rest.
        for (int session = 0; session < 3; session++) {
            try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.11")) {
                dialog.startTls("client.example");
                for (int i = 0; i < 20; i++) {
                    String reply = dialog.authPlain("alice@example.test", "wrong-" + i);
                    attempts++;
                    if (reply.startsWith("450 ")) {
                        assertThat(reply).isEqualTo("450 4.7.1 Error: too many AUTH commands from 127.0.0.11");
                        refusedByRate++;
                    } else {
                        assertThat(reply).startsWith("535 5.7.8 Error: authentication failed");
                    }
                }
                assertThat(dialog.nextReply()).isEqualTo("421 4.7.0 mail.example.test Error: too many errors");
            }
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - start);
        assertThat(attempts).isEqualTo(60);
        assertThat(refusedByRate).isEqualTo(30);
        // 10 sleeping replies per session: 60 tries take at least half a minute, not a fraction of a second.
        assertThat(spent).isGreaterThan(Duration.ofSeconds(28));
        assertThat(packaged.mailLog()).anySatisfy(line -> assertThat(line)
            .contains("warning: AUTH command rate limit exceeded: 31 from unknown[127.0.0.11] for service 127.0.0.1:" + smtp));
        assertThat(sink.messages()).isEmpty();
    }
}
