package org.jamesfix.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesfix.testing.SmtpDialog.lastLine;

import java.nio.file.Path;
import java.time.Duration;

import org.jamesfix.testing.InProcessJamesfix;
import org.jamesfix.testing.Mailboxes;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real James 3.8.1 in this JVM with the shipped configuration and the Jamesfix module.
 * Expected TLS/AUTH replies are those of a real Postfix 3.7.11 on loopback with
 * smtpd_tls_auth_only = yes (port 25 role) and smtpd_tls_security_level = encrypt (submission):
 *   AUTH before STARTTLS, auth_only:      503 5.5.1 Error: authentication not enabled
 *   MAIL/AUTH/RCPT before STARTTLS, encrypt: 530 5.7.0 Must issue a STARTTLS command first
 */
class JamesfixServerTest {
    private static final String ALICE = "alice@example.test";
    private static final String ALICE_PASSWORD = "alice-secret";

    @TempDir
    static Path workDir;
    private static InProcessJamesfix james;

    @BeforeAll
    static void start() throws Exception {
        james = InProcessJamesfix.start(workDir);
    }

    @AfterAll
    static void stop() {
        james.close();
    }

    @Test
    void messageFromLocalClientShouldReachLocalInbox() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP))) {
            assertThat(smtp.greeting()).startsWith("220 mail.example.test ESMTP");
            assertThat(smtp.send("EHLO client.example")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: in-process delivery\r\n\r\nhello\r\n.")).startsWith("250");
        }

        assertThat(Mailboxes.awaitSubject(james.port(TestPorts.IMAP), ALICE, ALICE_PASSWORD,
            "in-process delivery", Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void authShouldBeRefusedBeforeStartTlsOnSmtpPort() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            String ehlo = smtp.send("EHLO client.example");
            assertThat(ehlo).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(smtp.authPlain(ALICE, ALICE_PASSWORD)).isEqualTo("503 5.5.1 Error: authentication not enabled");
            assertThat(smtp.send("AUTH LOGIN")).isEqualTo("503 5.5.1 Error: authentication not enabled");
        }
    }

    @Test
    void authShouldSucceedAfterStartTlsOnSmtpPort() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            assertThat(smtp.startTls("client.example")).contains("AUTH");
            assertThat(lastLine(smtp.authPlain(ALICE, ALICE_PASSWORD))).startsWith("235");
        }
    }

    @Test
    void submissionShouldRequireStartTlsBeforeMailAndAuth() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SUBMISSION))) {
            assertThat(smtp.send("EHLO client.example")).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(smtp.authPlain(ALICE, ALICE_PASSWORD)).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(smtp.send("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(smtp.send("RCPT TO:<alice@example.test>")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(smtp.send("NOOP")).startsWith("250");
        }
    }

    @Test
    void submissionShouldRequireAuthBeforeMail() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SUBMISSION))) {
            assertThat(smtp.startTls("client.example")).contains("AUTH");
            assertThat(smtp.send("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void submissionShouldRefuseSendersTheUserDoesNotOwn() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SUBMISSION), "127.0.0.2")) {
            smtp.startTls("client.example");
            assertThat(lastLine(smtp.authPlain(ALICE, ALICE_PASSWORD))).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<postmaster@example.test>")).startsWith("250");
            // reject_sender_login_mismatch with smtpd_sender_login_maps = james:users; Postfix 3.7.11's
            // reply for a sender not owned by the login (conformance/restriction/login.ref).
            assertThat(smtp.send("RCPT TO:<someone@outside.example>"))
                .isEqualTo("553 5.7.1 <postmaster@example.test>: Sender address rejected: not owned by user alice@example.test");
        }
    }

    @Test
    void submissionShouldRelayForAuthenticatedUser() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SUBMISSION), "127.0.0.2")) {
            smtp.startTls("client.example");
            assertThat(lastLine(smtp.authPlain(ALICE, ALICE_PASSWORD))).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<someone@outside.example>")).startsWith("250");
        }
    }

    @Test
    void smtpsShouldRequireAuthBeforeMail() throws Exception {
        try (SmtpDialog smtps = SmtpDialog.connectTls(james.port(TestPorts.SMTPS))) {
            assertThat(smtps.send("EHLO client.example")).contains("AUTH");
            assertThat(smtps.send("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Authentication required");
            assertThat(lastLine(smtps.authPlain(ALICE, ALICE_PASSWORD))).startsWith("235");
            assertThat(smtps.send("MAIL FROM:<alice@example.test>")).startsWith("250");
        }
    }

    @Test
    void untrustedClientShouldNotRelayToOutsideDomain() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            // Postfix 3.7.11, reject_unauth_destination: "554 5.7.1 <addr>: Relay access denied".
            assertThat(smtp.send("RCPT TO:<victim@outside.example>")).isEqualTo("554 5.7.1 <victim@outside.example>: Relay access denied");
            assertThat(smtp.send("RCPT TO:<victim%outside.example@example.test>"))
                .isEqualTo("554 5.7.1 <victim%outside.example@example.test>: Relay access denied");
            assertThat(smtp.send("RCPT TO:<alice@example.test>")).startsWith("250");
        }
    }

    /**
     * Classic relay tricks from an untrusted client (127.0.0.2) toward outside.example, each with
     * the reply Postfix 3.7.11 gives for the same main.cf (observed on loopback, POSTFIX-FACTS
     * "Relay / address parsing", conformance/resolve/relay.in): "554 5.7.1 &lt;address&gt;: Relay
     * access denied" quoting the address with the source route stripped and quotes and
     * backslashes removed, or "501 5.1.3 Bad recipient address syntax". None may get 250.
     */
    @ParameterizedTest(name = "RCPT TO:<{0}>")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "victim@outside.example                                  | 554 5.7.1 <victim@outside.example>: Relay access denied",
        "victim@OUTSIDE.EXAMPLE                                  | 554 5.7.1 <victim@OUTSIDE.EXAMPLE>: Relay access denied",
        "victim@outside.example.                                 | 554 5.7.1 <victim@outside.example.>: Relay access denied",
        "victim%outside.example@example.test                     | 554 5.7.1 <victim%outside.example@example.test>: Relay access denied",
        "victim%outside.example@mail.example.test                | 554 5.7.1 <victim%outside.example@mail.example.test>: Relay access denied",
        "victim%outside.example%example.test@example.test        | 554 5.7.1 <victim%outside.example%example.test@example.test>: Relay access denied",
        "outside.example!victim@example.test                     | 554 5.7.1 <outside.example!victim@example.test>: Relay access denied",
        "outside.example!victim                                  | 554 5.7.1 <outside.example!victim>: Relay access denied",
        "@example.test:victim@outside.example                    | 554 5.7.1 <victim@outside.example>: Relay access denied",
        "@example.test,@mail.example.test:victim@outside.example | 554 5.7.1 <victim@outside.example>: Relay access denied",
        "\"victim@outside.example\"@example.test                 | 554 5.7.1 <victim@outside.example@example.test>: Relay access denied",
        "\"victim%outside.example\"@example.test                 | 554 5.7.1 <victim%outside.example@example.test>: Relay access denied",
        "victim@outside.example@example.test                     | 554 5.7.1 <victim@outside.example@example.test>: Relay access denied",
        "victim@example.test@outside.example                     | 554 5.7.1 <victim@example.test@outside.example>: Relay access denied",
        "victim\\@outside.example@example.test                   | 554 5.7.1 <victim@outside.example@example.test>: Relay access denied",
        "victim@[192.0.2.1]                                      | 554 5.7.1 <victim@[192.0.2.1]>: Relay access denied",
        "victim@[127.0.0.2]                                      | 554 5.7.1 <victim@[127.0.0.2]>: Relay access denied",
        "victim@[IPv6:2001:db8::1]                               | 554 5.7.1 <victim@[IPv6:2001:db8::1]>: Relay access denied",
        "victim%outside.example@[127.0.0.1]                      | 554 5.7.1 <victim%outside.example@[127.0.0.1]>: Relay access denied",
        "victim@outside.example..                                | 501 5.1.3 Bad recipient address syntax",
        "victim@[outside.example]                                | 501 5.1.3 Bad recipient address syntax",
    })
    void untrustedClientShouldNotRelayThroughAnyTrick(String recipient, String postfixReply) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<sender@remote.example>")).startsWith("250");

            String reply = smtp.send("RCPT TO:<" + recipient + ">");

            assertThat(reply).as("reply to RCPT TO:<%s>", recipient).isEqualTo(postfixReply);
        }
    }

    /** Malformed RCPT TO commands, with Postfix 3.7.11's replies (observed on loopback). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RCPT TO:<>                             | 501 5.1.3 Bad recipient address syntax",
        "RCPT TO:                               | 501 5.5.4 Syntax: RCPT TO:<address>",
        "RCPT <alice@example.test>              | 501 5.5.4 Syntax: RCPT TO:<address>",
        "RCPT TO:<a b@example.test>             | 501 5.1.3 Bad recipient address syntax",
        "RCPT TO:<alice@example.test            | 501 5.1.3 Bad recipient address syntax",
        "RCPT TO:<alice@example.test> FOO=bar   | 555 5.5.4 Unsupported option: FOO=bar",
        "RCPT TO:alice@example.test             | 250",
    })
    void malformedRcptShouldGetPostfixReplies(String command, String postfixReply) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<sender@remote.example>")).startsWith("250");

            String reply = smtp.send(command);

            assertThat(reply).as(command).startsWith(postfixReply);
            assertThat(smtp.send("RCPT TO:<alice@example.test>")).as("session still usable").startsWith("250");
        }
    }

    /** Malformed MAIL FROM commands, with Postfix 3.7.11's replies (observed on loopback). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "MAIL FROM:<a b@remote.example>                  | 501 5.1.7 Bad sender address syntax",
        "MAIL FROM:                                      | 501 5.5.4 Syntax: MAIL FROM:<address>",
        "MAIL <s@remote.example>                         | 501 5.5.4 Syntax: MAIL FROM:<address>",
        "MAIL FROM:<s@remote.example                     | 501 5.1.7 Bad sender address syntax",
        "MAIL FROM:<s@remote..example>                   | 501 5.1.7 Bad sender address syntax",
        "MAIL FROM:<s@remote.example> FOO=bar            | 555 5.5.4 Unsupported option: FOO=bar",
        "MAIL FROM:<s@remote.example> SIZE=999999999999  | 552 5.3.4 Message size exceeds fixed limit",
        "MAIL FROM:<s@remote.example> SIZE=-1            | 501 5.5.4 Bad message size syntax",
        "MAIL FROM:<s@remote.example> SIZE=100           | 250",
        "MAIL FROM:<s@remote.example> BODY=8BITMIME      | 250",
        "MAIL FROM:s@remote.example                      | 250",
        "MAIL FROM:<>                                    | 250",
    })
    void malformedMailShouldGetPostfixReplies(String command, String postfixReply) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");

            assertThat(smtp.send(command)).as(command).startsWith(postfixReply);
        }
    }

    /** Commands James does not implement are answered (never left without a reply). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ETRN example.test", "BDAT 10 LAST", "XYZZY"})
    void unimplementedCommandShouldBeAnswered(String command) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");

            assertThat(smtp.send(command)).startsWith("5");
            assertThat(smtp.send("NOOP")).startsWith("250");
        }
    }

    /**
     * A recipient our checks accept but James's parser then refuses (an RCPT parameter James does
     * not support) is not counted: DATA gets Postfix's "no valid recipients".
     */
    @Test
    void recipientJamesRefusesShouldNotCountForData() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<alice@example.test> NOTIFY=NEVER")).startsWith("5");

            assertThat(smtp.send("DATA")).isEqualTo("554 5.5.1 Error: no valid recipients");
        }
    }

    @Test
    void unknownLocalUserShouldGetPostfixUserUnknown() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
            // Postfix 3.7.11 with local_recipient_maps naming a table without this user.
            assertThat(smtp.send("RCPT TO:<nobody@example.test>"))
                .isEqualTo("550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in local recipient table");
            assertThat(smtp.send("RCPT TO:<Postmaster@example.test>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<alice@example.test>")).startsWith("250");
        }
    }

    @Test
    void trustedClientShouldRelayToOutsideDomain() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.1")) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<someone@outside.example>")).startsWith("250");
        }
    }
}
