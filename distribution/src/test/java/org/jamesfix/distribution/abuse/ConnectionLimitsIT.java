package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * smtpd_client_connection_count_limit (50) against the packaged server with its shipped
 * configuration: the 51st concurrent connection from one untrusted address gets Postfix's 421
 * instead of James's silent close; mynetworks clients are exempt
 * (smtpd_client_event_limit_exceptions). Observed on Postfix 3.7.11: "421 4.7.0 mail.example.com
 * Error: too many connections from 127.0.0.9", then the close, and in the log "warning: Connection
 * concurrency limit exceeded: 51 from unknown[127.0.0.9] for service 127.0.0.1:10725".
 */
class ConnectionLimitsIT {
    @TempDir
    static Path install;
    private static PackagedJamesfix packaged;
    private static int smtp;

    @BeforeAll
    static void start() throws Exception {
        packaged = PackagedJamesfix.start(install.resolve("james"), conf -> { });
        smtp = packaged.ports().of(TestPorts.SMTP);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        packaged.close();
    }

    @Test
    void fiftyFirstConnectionShouldGetPostfixTooManyConnectionsWhenFiftyAreOpen() throws Exception {
        List<SmtpDialog> open = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.9");
                open.add(dialog);
                assertThat(dialog.greeting()).startsWith("220 ");
            }
            try (SmtpDialog extra = SmtpDialog.connect(smtp, "127.0.0.9")) {
                assertThat(extra.greeting()).isEqualTo("421 4.7.0 mail.example.test Error: too many connections from 127.0.0.9");
                assertThat(extra.closedByServer()).isTrue();
            }
            try (SmtpDialog other = SmtpDialog.connect(smtp, "127.0.0.10")) {
                assertThat(other.greeting()).startsWith("220 ");
            }
        } finally {
            for (SmtpDialog dialog : open) {
                dialog.close();
            }
        }
        assertThat(packaged.mailLog()).anySatisfy(line -> assertThat(line)
            .contains("warning: Connection concurrency limit exceeded: 51 from unknown[127.0.0.9] for service 127.0.0.1:" + smtp));
        // The 50 closed: the address may connect again.
        awaitGreeting("127.0.0.9");
    }

    @Test
    void mynetworksClientShouldBeExemptWhenOverTheLimit() throws Exception {
        List<SmtpDialog> open = new ArrayList<>();
        try {
            for (int i = 0; i < 51; i++) {
                SmtpDialog dialog = SmtpDialog.connect(smtp, "127.0.0.1");
                open.add(dialog);
                assertThat(dialog.greeting()).startsWith("220 ");
            }
        } finally {
            for (SmtpDialog dialog : open) {
                dialog.close();
            }
        }
    }

    // The server sees the closes a little later than the client makes them.
    private static void awaitGreeting(String address) throws Exception {
        String greeting = "";
        for (int attempt = 0; attempt < 50 && !greeting.startsWith("220 "); attempt++) {
            try (SmtpDialog dialog = SmtpDialog.connect(smtp, address)) {
                greeting = dialog.greeting();
            }
            if (!greeting.startsWith("220 ")) {
                Thread.sleep(100);
            }
        }
        assertThat(greeting).startsWith("220 ");
    }
}
