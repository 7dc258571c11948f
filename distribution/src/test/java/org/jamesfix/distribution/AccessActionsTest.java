package org.jamesfix.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.jamesfix.testing.InProcessJamesfix;
import org.jamesfix.testing.Mailboxes;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * access(5) actions decided at RCPT travel with the message (access(5), Postfix 3.7): HOLD parks
 * it in the hold repository until an admin releases it through WebAdmin; DISCARD accepts and
 * drops it; REDIRECT sends it to another address instead; BCC adds a recipient; PREPEND adds a
 * header. The SMTP replies of every action are compared with Postfix's in PostfixReplayTest.
 */
class AccessActionsTest {
    private static final String ALICE = "alice@example.test";
    private static final String ALICE_PASSWORD = "alice-secret";
    private static final String BOB = "bob@example.test";
    private static final String BOB_PASSWORD = "bob-secret";
    private static final String HOLD_MAILS = "/mailRepositories/var%2Fmail%2Fhold/mails";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;
    private static InProcessJamesfix james;

    @BeforeAll
    static void start() throws Exception {
        james = InProcessJamesfix.start(workDir, conf -> {
            Files.writeString(conf.resolve("main.cf"), Files.readString(conf.resolve("main.cf"), StandardCharsets.UTF_8)
                + "smtpd_sender_restrictions = check_sender_access inline:{ {holdme@remote.example = HOLD spam suspect},"
                + " {dropme@remote.example = DISCARD}, {redirectme@remote.example = REDIRECT bob@example.test},"
                + " {bccme@remote.example = BCC bob@example.test}, {tagme@remote.example = PREPEND X-Jamesfix-Test: tagged} }\n",
                StandardCharsets.UTF_8);
            Files.writeString(conf.resolve("users.properties"), BOB + " = " + BOB_PASSWORD + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        });
    }

    @AfterAll
    static void stop() {
        james.close();
    }

    @Test
    void heldMessageShouldWaitInHoldRepositoryUntilReleased() throws Exception {
        send("holdme@remote.example", "held message");

        assertThat(awaitHeldCount(1)).as("one message on hold").isTrue();
        assertThat(Mailboxes.inboxSubjects(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD)).doesNotContain("held message");

        HttpResponse<String> release = HTTP.send(HttpRequest.newBuilder(webadmin(HOLD_MAILS + "?action=reprocess&processor=transport"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(release.statusCode()).isEqualTo(201);
        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD, "held message",
            Duration.ofSeconds(20))).isTrue();
        assertThat(awaitHeldCount(0)).isTrue();
    }

    @Test
    void discardedMessageShouldBeAcceptedAndDropped() throws Exception {
        send("dropme@remote.example", "discarded message");
        send("someone@remote.example", "normal message");

        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD, "normal message",
            Duration.ofSeconds(20))).isTrue();
        Thread.sleep(1000);
        assertThat(Mailboxes.inboxSubjects(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD)).doesNotContain("discarded message");
    }

    @Test
    void redirectedMessageShouldGoToTheNewAddressOnly() throws Exception {
        send("redirectme@remote.example", "redirected message");
        send("someone@remote.example", "marker after redirect");

        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), BOB, BOB_PASSWORD, "redirected message",
            Duration.ofSeconds(20))).isTrue();
        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD, "marker after redirect",
            Duration.ofSeconds(20))).isTrue();
        assertThat(Mailboxes.inboxSubjects(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD)).doesNotContain("redirected message");
    }

    @Test
    void bccShouldAddARecipient() throws Exception {
        send("bccme@remote.example", "copied message");

        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD, "copied message",
            Duration.ofSeconds(20))).isTrue();
        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), BOB, BOB_PASSWORD, "copied message",
            Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void prependShouldAddTheHeader() throws Exception {
        send("tagme@remote.example", "tagged message");

        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD, "tagged message",
            Duration.ofSeconds(20))).isTrue();
        assertThat(Mailboxes.headerValues(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD, "tagged message", "X-Jamesfix-Test"))
            .containsExactly("tagged");
    }

    private static void send(String sender, String subject) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP))) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<" + sender + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: " + subject + "\r\n\r\nbody\r\n.")).startsWith("250");
        }
    }

    private static boolean awaitHeldCount(int count) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(webadmin(HOLD_MAILS)).build(),
                HttpResponse.BodyHandlers.ofString());
            JsonNode keys = response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createArrayNode();
            if (keys.size() == count) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static URI webadmin(String path) {
        return URI.create("http://127.0.0.1:" + james.port(TestPorts.WEBADMIN) + path);
    }
}
