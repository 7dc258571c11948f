package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.jamesfix.testing.Mailboxes;
import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpSink;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 7, against the packaged server with its shipped configuration: the message size
 * limit is main.cf's message_size_limit with Postfix's reply, a DATA line ".x" loses its period
 * as RFC 5321 4.5.2 says, and a client cannot renegotiate TLS.
 *
 * Observed on Postfix 3.7.11: EHLO announces "SIZE 10240000" (message_size_limit's default); a
 * body over the limit gets "552 5.3.4 Error: message file too big" at the end of DATA, with
 * "warning: ...: queue file size limit exceeded" in the log, and the session goes on; MAIL FROM
 * with SIZE= over the limit gets "552 5.3.4 Message size exceeds fixed limit".
 */
class SmtpDataIT {
    private static final String ATTACKER = "127.0.0.9";
    private static final String ALICE = "alice@example.test";
    private static final String ALICE_PASSWORD = "alice-secret";

    @TempDir
    static Path installs;
    private static SmtpSink sink;
    private static PackagedJamesfix james;
    private static int smtp;

    @BeforeAll
    static void start() throws Exception {
        sink = SmtpSink.start();
        james = PackagedJamesfix.start(installs.resolve("james"), conf -> SmtpSink.routeRelayTo(conf, sink.port()));
        smtp = james.port(TestPorts.SMTP);
    }

    @AfterAll
    static void stop() throws Exception {
        james.close();
        sink.close();
    }

    @Test
    void commandWhoseBytesAreNotUtf8ShouldGetPostfixReply() throws Exception {
        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            client.send("EHLO ok.example");
            // Postfix 3.7.11 (smtputf8_enable = yes), same bytes (0xe9 0xff): this reply, and the session goes on.
            assertThat(client.send("MAIL FROM:<s\u00e9\u00ff@remote.example>")).isEqualTo("500 5.5.2 Error: bad UTF-8 syntax");
            assertThat(client.send("HELO caf\u00e9.example")).isEqualTo("500 5.5.2 Error: bad UTF-8 syntax");
            assertThat(client.send("MAIL FROM:<s@remote.example>")).startsWith("250");
        }
    }

    @Test
    void oversizeBodyShouldGetPostfixReplyWhenOverMessageSizeLimit() throws Exception {
        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            assertThat(client.send("EHLO ok.example")).contains("250-SIZE 10240000");
            assertThat(client.send("MAIL FROM:<s@remote.example> SIZE=10240001"))
                .isEqualTo("552 5.3.4 Message size exceeds fixed limit");
            assertThat(client.send("MAIL FROM:<s@remote.example>")).startsWith("250");
            assertThat(client.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(client.send("DATA")).startsWith("354");
            StringBuilder body = new StringBuilder("Subject: too big\r\n\r\n");
            String line = "x".repeat(998) + "\r\n";
            while (body.length() < 10_300_000) {
                body.append(line);
            }
            client.write(body.toString().getBytes(StandardCharsets.US_ASCII));
            assertThat(client.send(".")).isEqualTo("552 5.3.4 Error: message file too big");
            assertThat(client.send("MAIL FROM:<s@remote.example>")).startsWith("250");
            client.send("QUIT");
        }

        assertThat(james.mailLog()).anyMatch(line -> line.endsWith("warning: NOQUEUE: queue file size limit exceeded"));
        assertThat(Mailboxes.inboxSubjects(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD)).doesNotContain("too big");
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void leadingPeriodShouldBeRemovedWhenDataLineStartsWithOne() throws Exception {
        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            client.send("EHLO ok.example");
            assertThat(client.send("MAIL FROM:<s@remote.example>")).startsWith("250");
            assertThat(client.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(client.send("DATA")).startsWith("354");
            assertThat(client.send("Subject: dots\r\n\r\n.x one\r\n..y two\r\n...z three\r\n.\t tab\r\n.")).startsWith("250");
            client.send("QUIT");
        }

        int imap = james.port(TestPorts.IMAP);
        assertThat(Mailboxes.awaitSubject(imap, ALICE, ALICE_PASSWORD, "dots", Duration.ofSeconds(30))).isTrue();
        String message = Mailboxes.rawMessages(imap, ALICE, ALICE_PASSWORD, "dots").get(0);
        String body = message.substring(message.indexOf("\r\n\r\n") + 4);
        assertThat(body).isEqualTo("x one\r\n.y two\r\n..z three\r\n\t tab\r\n");
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void tlsRenegotiationShouldFailWhenClientStartsIt() throws Exception {
        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            client.send("EHLO ok.example");
            assertThat(client.send("STARTTLS")).startsWith("220");
            // TLS 1.3 has no renegotiation; TLS 1.2 has, and the server must refuse it.
            SSLSocket tls = client.upgradeToTls("TLSv1.2");
            assertThat(client.send("EHLO ok.example")).startsWith("250");

            assertThatThrownBy(() -> {
                tls.startHandshake();
                String reply = client.send("NOOP");
                if (!reply.startsWith("250")) {
                    throw new IOException("no reply after renegotiation: " + reply);
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(sink.messages()).isEmpty();
    }
}
