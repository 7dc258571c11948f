package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.jamesfix.testing.Mailboxes;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.SmtpSink;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relaying through bounces, against the packaged server with the shipped pipeline (only ports
 * and the outside world, an SmtpSink as RemoteDelivery's gateway, changed). Postfix 3.7.11
 * observed on loopback: 31 Received: headers are delivered (no bounce); 48 client Received:
 * headers plus its own are accepted, 49 get "554 5.4.0 Error: too many hops" at the end of DATA,
 * logged by cleanup as "warning: QUEUEID: message rejected: hopcount exceeded"; a bounce returns
 * the complete original up to bounce_size_limit (50000) bytes and the headers only above it; a
 * failed bounce (null sender) sends nothing more (notify_classes without bounce/2bounce); mail
 * accepted for a local alias without a mailbox is bounced to its sender.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BounceRelayIT {
    private static final String UNTRUSTED = "127.0.0.9";
    private static final String REFUSED = "refused@outside.example";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path installs;
    private static SmtpSink sink;
    private static PackagedJamesfix james;

    @BeforeAll
    static void start() throws Exception {
        sink = SmtpSink.start().refuseRecipient(REFUSED);
        james = PackagedJamesfix.start(installs.resolve("bounces"), conf -> SmtpSink.routeRelayTo(conf, sink.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        james.close();
        sink.close();
    }

    @Test
    @Order(1)
    void hopCountAtLimitShouldGetPostfixRefusalAndSendNothing() throws Exception {
        String reply = send(UNTRUSTED, "victim@outside.example", "alice@example.test", received(49), "hops 49");

        assertThat(reply).isEqualTo("554 5.4.0 Error: too many hops");
        assertThat(james.mailLog()).anyMatch(line -> line.matches(".*: warning: [0-9A-F]+: message rejected: hopcount exceeded"));
    }

    @Test
    @Order(2)
    void hopCountBelowLimitShouldBeDeliveredWithoutBounce() throws Exception {
        assertThat(send(UNTRUSTED, "victim@outside.example", "alice@example.test", received(31), "hops 31")).startsWith("250");
        assertThat(send(UNTRUSTED, "victim@outside.example", "alice@example.test", received(48), "hops 48")).startsWith("250");

        assertThat(Mailboxes.awaitSubject(imap(), "alice@example.test", "alice-secret", "hops 31", Duration.ofSeconds(30))).isTrue();
        assertThat(Mailboxes.awaitSubject(imap(), "alice@example.test", "alice-secret", "hops 48", Duration.ofSeconds(30))).isTrue();
        assertThat(sink.messages()).as("nothing to the forged outside sender").isEmpty();
    }

    @Test
    @Order(3)
    void bounceOverBounceSizeLimitShouldReturnHeadersOnly() throws Exception {
        String marker = "BODY-MARKER-" + "x".repeat(60);
        String body = (marker + "\r\n").repeat(900);   // about 65 KB, over bounce_size_limit = 50000

        assertThat(send("127.0.0.1", "sender@outside.example", REFUSED, body, "large refused")).startsWith("250");

        SmtpSink.Message bounce = awaitMessageTo("sender@outside.example", "large refused");
        assertThat(bounce.sender()).isEmpty();
        assertThat(bounce.data()).contains("text/rfc822-headers").contains("Subject: large refused")
            .doesNotContain("BODY-MARKER").doesNotContain("message/rfc822");
        assertThat(bounce.data().length()).isLessThan(50000);
    }

    @Test
    @Order(4)
    void bounceUnderBounceSizeLimitShouldReturnTheOriginal() throws Exception {
        assertThat(send("127.0.0.1", "sender@outside.example", REFUSED, "small body marker\r\n", "small refused")).startsWith("250");

        SmtpSink.Message bounce = awaitMessageTo("sender@outside.example", "small refused");
        assertThat(bounce.sender()).isEmpty();
        assertThat(bounce.data()).contains("message/rfc822").contains("small body marker");
    }

    @Test
    @Order(5)
    void failedBounceShouldSendNothingMore() throws Exception {
        int before = sink.messages().size();
        int refusals = sink.refusals();

        assertThat(send("127.0.0.1", "", REFUSED, "a bounce that bounces\r\n", "double bounce")).startsWith("250");

        for (int i = 0; i < 300 && sink.refusals() == refusals; i++) {
            Thread.sleep(100);
        }
        assertThat(sink.refusals()).as("the remote refused it").isGreaterThan(refusals);
        Thread.sleep(3000);
        assertThat(sink.messages()).as("no notice for a failed bounce").hasSize(before);
    }

    @Test
    @Order(6)
    void localAliasToNoMailboxShouldBeKeptAndBouncedToSender() throws Exception {
        assertThat(put("/address/aliases/ghost@example.test/sources/lost@example.test")).isEqualTo(204);

        assertThat(send(UNTRUSTED, "sender@outside.example", "lost@example.test", "to nowhere\r\n", "lost alias")).startsWith("250");

        SmtpSink.Message bounce = awaitMessageTo("sender@outside.example", "lost alias");
        assertThat(bounce.sender()).isEmpty();
        assertThat(bounce.data()).contains("5.1.1");
        assertThat(awaitRepositorySize("var%2Fmail%2Faddress-error", 1, Duration.ofSeconds(30))).isEqualTo(1);
    }

    @Test
    @Order(7)
    void localAliasToNoMailboxWithNullSenderShouldOnlyBeKept() throws Exception {
        int before = sink.messages().size();

        assertThat(send(UNTRUSTED, "", "lost@example.test", "null sender to nowhere\r\n", "lost bounce")).startsWith("250");

        assertThat(awaitRepositorySize("var%2Fmail%2Fdouble-bounce", 1, Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(awaitRepositorySize("var%2Fmail%2Faddress-error", 2, Duration.ofSeconds(30))).isEqualTo(2);
        Thread.sleep(2000);
        assertThat(sink.messages()).hasSize(before);
    }

    private static int put(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + james.port(TestPorts.WEBADMIN) + path))
            .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String received(int count) {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < count; i++) {
            headers.append("Received: from h").append(i).append(".example by h").append(i + 1)
                .append(".example; Mon, 1 Jan 2024 00:00:00 +0000\r\n");
        }
        return headers.toString();
    }

    /** One transaction; {@code body} starting with "Received:" is used as extra headers. */
    private static String send(String source, String from, String to, String text, String subject) throws Exception {
        boolean headers = text.startsWith("Received:");
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), source)) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<" + from + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + to + ">")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            String message = (headers ? text : "") + "From: <" + from + ">\r\nSubject: " + subject + "\r\n\r\n"
                + (headers ? "hello\r\n" : text) + ".";
            return SmtpDialog.lastLine(smtp.send(message));
        }
    }

    private static SmtpSink.Message awaitMessageTo(String recipient, String subject) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (SmtpSink.Message message : sink.messages()) {
                if (message.recipients().contains(recipient) && message.data().contains("Subject: " + subject)) {
                    return message;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no bounce for \"" + subject + "\" reached " + recipient + "; sink has " + sink.messages());
    }

    private static int awaitRepositorySize(String repository, int size, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int found = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + james.port(TestPorts.WEBADMIN) + "/mailRepositories/" + repository + "/mails")).build(),
                HttpResponse.BodyHandlers.ofString());
            found = response.statusCode() == 200 ? JSON.readTree(response.body()).size() : 0;
            if (found >= size) {
                return found;
            }
            Thread.sleep(200);
        }
        return found;
    }

    private static int imap() {
        return james.port(TestPorts.IMAP);
    }
}
