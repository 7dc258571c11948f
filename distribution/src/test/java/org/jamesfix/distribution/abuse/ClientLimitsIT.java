package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.SmtpSink;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postfix's limits that an admin sets in main.cf, against the packaged server (shipped
 * configuration, the relay gateway pointed at a sink, and these main.cf lines added):
 * smtpd_client_connection_rate_limit = 5 (anvil_rate_time_unit = 60s), smtpd_junk_command_limit
 * = 3, smtpd_soft_error_limit = 2, smtpd_error_sleep_time = 0, smtpd_hard_error_limit = 4, and
 * an end-of-data restriction that refuses 127.0.0.21.
 *
 * Observed on Postfix 3.7.11 with the same settings (myhostname mail.example.test, mynetworks
 * 127.0.0.1/32): connections 1-5 from 127.0.0.9 in a minute greeted, the 6th "421 4.7.0
 * mail.example.test Error: too many connections from 127.0.0.9" and the close, logged "warning:
 * Connection rate limit exceeded: 6 from unknown[127.0.0.9] for service 10325" (Postfix names the
 * master.cf service, we name address:port); EHLO and 7 NOOPs all answered 250, the 7th reply
 * followed at once by "421 4.7.0 mail.example.test Error: too many errors" and the close, logged
 * "too many errors after NOOP from unknown[127.0.0.10]" (NOOPs past the junk limit are errors);
 * with smtpd_end_of_data_restrictions = check_client_access inline:{127.0.0.16=reject}, three
 * unknown commands and a refused message: "554 5.7.1 &lt;unknown[127.0.0.16]&gt;: Client host
 * rejected: Access denied" at the end of DATA, then at once the 421 and the close, logged "too many
 * errors after END-OF-MESSAGE from unknown[127.0.0.16]".
 */
class ClientLimitsIT {
    @TempDir
    static Path install;
    private static PackagedJamesfix packaged;
    private static SmtpSink sink;
    private static int smtp;

    @BeforeAll
    static void start() throws Exception {
        sink = SmtpSink.start();
        packaged = PackagedJamesfix.start(install.resolve("james"), conf -> {
            SmtpSink.routeRelayTo(conf, sink.port());
            Files.writeString(conf.resolve("main.cf"), "\n"
                + "smtpd_client_connection_rate_limit = 5\n"
                + "anvil_rate_time_unit = 60s\n"
                + "smtpd_junk_command_limit = 3\n"
                + "smtpd_soft_error_limit = 2\n"
                + "smtpd_error_sleep_time = 0\n"
                + "smtpd_hard_error_limit = 4\n"
                + "smtpd_end_of_data_restrictions = check_client_access inline:{127.0.0.21=reject}\n",
                StandardOpenOption.APPEND);
        });
        smtp = packaged.ports().of(TestPorts.SMTP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (packaged != null) {
            packaged.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void sixthConnectionInTheMinuteShouldGetPostfixTooManyConnectionsWhenTheRateLimitIsFive() throws Exception {
        for (int i = 1; i <= 5; i++) {
            try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.9")) {
                assertThat(dialog.greeting()).startsWith("220 ");
            }
        }
        try (SmtpDialog sixth = SmtpDialog.connect(smtp, "127.0.0.9")) {
            assertThat(sixth.greeting()).isEqualTo("421 4.7.0 mail.example.test Error: too many connections from 127.0.0.9");
            assertThat(sixth.closedByServer()).isTrue();
        }
        assertThat(packaged.mailLog()).anySatisfy(line -> assertThat(line)
            .contains("warning: Connection rate limit exceeded: 6 from unknown[127.0.0.9] for service 127.0.0.1:" + smtp));
        // The limit is per client: another address is greeted.
        try (SmtpDialog other = SmtpDialog.connect(smtp, "127.0.0.8")) {
            assertThat(other.greeting()).startsWith("220 ");
        }
    }

    @Test
    void mynetworksClientShouldBeExemptWhenConnectingFasterThanTheRateLimit() throws Exception {
        for (int i = 1; i <= 7; i++) {
            try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.1")) {
                assertThat(dialog.greeting()).startsWith("220 ");
            }
        }
    }

    @Test
    void noopsPastTheJunkLimitShouldEndTheSessionWhenTheyReachTheHardErrorLimit() throws Exception {
        try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.10")) {
            assertThat(dialog.send("EHLO client.example")).startsWith("250");
            for (int i = 1; i <= 7; i++) {
                assertThat(dialog.send("NOOP")).as("NOOP %d", i).startsWith("250");
            }
            assertThat(dialog.nextReply()).isEqualTo("421 4.7.0 mail.example.test Error: too many errors");
            assertThat(dialog.closedByServer()).isTrue();
        }
        assertThat(packaged.mailLog()).anySatisfy(line -> assertThat(line)
            .contains("too many errors after NOOP from unknown[127.0.0.10]"));
    }

    @Test
    void junkCommandsShouldNotCountWhenWithinTheJunkLimit() throws Exception {
        try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.12")) {
            assertThat(dialog.send("EHLO client.example")).startsWith("250");
            assertThat(dialog.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            assertThat(dialog.send("RCPT TO:<alice@example.test>")).startsWith("250");
            // Junk 2-5: two errors, under the hard limit (observed on Postfix 3.7.11 the same way).
            for (int i = 1; i <= 4; i++) {
                assertThat(dialog.send("RSET")).startsWith("250");
            }
            assertThat(dialog.send("QUIT")).startsWith("221");
        }
    }

    @Test
    void endOfDataRefusalShouldEndTheSessionAtOnceWhenItReachesTheHardErrorLimit() throws Exception {
        try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.21")) {
            assertThat(dialog.send("EHLO client.example")).startsWith("250");
            for (int i = 0; i < 3; i++) {
                assertThat(dialog.send("XXX")).startsWith("5");
            }
            assertThat(dialog.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            assertThat(dialog.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(dialog.send("DATA")).startsWith("354");
            assertThat(dialog.send("Subject: limits\r\n\r\nbody\r\n.")).isEqualTo(
                "554 5.7.1 <unknown[127.0.0.21]>: Client host rejected: Access denied");
            assertThat(dialog.nextReply()).isEqualTo("421 4.7.0 mail.example.test Error: too many errors");
            assertThat(dialog.closedByServer()).isTrue();
        }
        assertThat(packaged.mailLog()).anySatisfy(line -> assertThat(line)
            .contains("too many errors after END-OF-MESSAGE from unknown[127.0.0.21]"));
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void mailLoopRefusalShouldCountAsAnErrorWhenItReachesTheHardErrorLimit() throws Exception {
        // Postfix's smtpd counts every refused DATA as an error, hopcount_limit's 554 5.4.0 included.
        try (SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.22")) {
            assertThat(dialog.send("EHLO client.example")).startsWith("250");
            for (int i = 0; i < 3; i++) {
                assertThat(dialog.send("XXX")).startsWith("5");
            }
            assertThat(dialog.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            assertThat(dialog.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(dialog.send("DATA")).startsWith("354");
            String loop = "Received: from hop.example by relay.example; Thu, 3 Dec 2026 10:00:00 +0000\r\n".repeat(49);
            assertThat(dialog.send(loop + "Subject: loop\r\n\r\nbody\r\n.")).isEqualTo("554 5.4.0 Error: too many hops");
            assertThat(dialog.nextReply()).isEqualTo("421 4.7.0 mail.example.test Error: too many errors");
            assertThat(dialog.closedByServer()).isTrue();
        }
        assertThat(sink.messages()).isEmpty();
    }
}
