package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.jamesfix.testing.Mailboxes;
import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.SmtpSink;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mail system's own addresses, against the packaged server with the shipped configuration
 * (ports changed, an SmtpSink as the outside world), from an untrusted client with a forged
 * outside sender. Postfix 3.7.11 observed on loopback with a local_recipient_maps that lists
 * neither: RCPT TO postmaster@, MAILER-DAEMON@, double-bounce@ a local domain and
 * postmaster@[127.0.0.1] get "250 2.1.5 Ok" and are delivered locally; abuse@ gets
 * "550 5.1.1 <abuse@example.test>: Recipient address rejected: User unknown in local recipient table".
 * Here the shipped SystemAliases delivers them to alice@example.test; nothing may reach the
 * address-error repository or the outside (no DSN to the forged sender, no relay to 127.0.0.1).
 */
class PostmasterIT {
    private static final String UNTRUSTED = "127.0.0.9";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path installs;
    private static SmtpSink sink;
    private static PackagedJamesfix james;

    @BeforeAll
    static void start() throws Exception {
        sink = SmtpSink.start();
        james = PackagedJamesfix.start(installs.resolve("postmaster"), conf -> SmtpSink.routeRelayTo(conf, sink.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        james.close();
        sink.close();
    }

    @Test
    void postmasterShouldBeDeliveredLocally() throws Exception {
        assertDeliveredToAlice("postmaster@example.test", "to postmaster");
    }

    @Test
    void postmasterAtOwnAddressLiteralShouldBeDeliveredLocally() throws Exception {
        assertDeliveredToAlice("postmaster@[127.0.0.1]", "to postmaster literal");
    }

    @Test
    void mailerDaemonShouldBeDeliveredLocally() throws Exception {
        assertDeliveredToAlice("MAILER-DAEMON@example.test", "to mailer-daemon");
    }

    @Test
    void abuseShouldBeRefusedAtRcptAsUnknownUser() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), UNTRUSTED)) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<victim@outside.example>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<abuse@example.test>"))
                .isEqualTo("550 5.1.1 <abuse@example.test>: Recipient address rejected: User unknown in local recipient table");
        }
    }

    private static void assertDeliveredToAlice(String recipient, String subject) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), UNTRUSTED)) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<victim@outside.example>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + recipient + ">")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: " + subject + "\r\n\r\nhello postmaster\r\n.")).startsWith("250");
        }

        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), "alice@example.test", "alice-secret", subject,
            Duration.ofSeconds(30))).as("delivered to the postmaster alias target").isTrue();
        assertThat(repositorySize("var%2Fmail%2Faddress-error")).isZero();
        assertThat(sink.messages()).as("no DSN to the forged sender, no relay").isEmpty();
    }

    private static int repositorySize(String repository) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + james.port(TestPorts.WEBADMIN) + "/mailRepositories/" + repository + "/mails")).build(),
            HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? new ObjectMapper().readTree(response.body()).size() : 0;
    }
}
