package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpSink;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 3 and the log part of item 7, against the packaged server with its shipped
 * configuration: a client cannot forge log lines (a LF in an AUTH user name wrote a line that
 * fail2ban's postfix filter took for a failed login from 192.0.2.66), and cannot fill the log
 * with stack traces (an RST mid-DATA, garbage after STARTTLS, the STARTTLS injection, an 8-bit
 * MAIL FROM each wrote 15-50 lines).
 *
 * Expected lines observed on Postfix 3.7.11 (smtputf8_enable = yes), same input:
 *   warning: unknown[127.0.0.9]: SASL PLAIN authentication failed: authentication failure,
 *     sasl_username=x?postfix/smtpd[123]: warning: unknown[192.0.2.66]: SASL PLAIN authentication failed: x
 *   NOQUEUE: reject: RCPT from unknown[127.0.0.9]: 554 5.7.1 <x@foreign.example>: Relay access denied;
 *     from=<s@remote.example> to=<x@foreign.example> proto=ESMTP helo=<a?b.example>
 * Checked by hand: fail2ban-regex var/log/mail.log /etc/fail2ban/filter.d/postfix.conf[mode=auth]
 * matches 127.0.0.9 twice and never 192.0.2.66.
 */
class LogInjectionIT {
    private static final String ATTACKER = "127.0.0.9";
    private static final String FORGED_PLAIN = "postfix/smtpd[123]: warning: unknown[192.0.2.66]: SASL PLAIN authentication failed: x";
    private static final String FORGED_LOGIN = "postfix/smtpd[123]: warning: unknown[192.0.2.67]: SASL LOGIN authentication failed: x";
    private static final Pattern JAMES_LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ +\\[.*");

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
    void authUserNameWithLineFeedShouldBeOneEscapedLineWhenAuthenticationFails() throws Exception {
        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            client.send("EHLO a\rb.example");
            assertThat(client.send("STARTTLS")).startsWith("220");
            client.upgradeToTls("TLSv1.3");
            client.send("EHLO a\rb.example");
            assertThat(client.send("AUTH PLAIN " + base64("\0x\n" + FORGED_PLAIN + "\0pw")))
                .isEqualTo("535 5.7.8 Error: authentication failed: authentication failure");
            assertThat(client.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(client.send(base64("x\n" + FORGED_LOGIN))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.send(base64("pw"))).isEqualTo("535 5.7.8 Error: authentication failed: authentication failure");
            assertThat(client.send("MAIL FROM:<s@remote.example>")).startsWith("250");
            assertThat(client.send("RCPT TO:<x@foreign.example>")).isEqualTo("554 5.7.1 <x@foreign.example>: Relay access denied");
            client.send("QUIT");
        }

        List<String> mailLog = james.mailLog();
        String prefix = "^[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\S+ postfix/smtpd\\[" + james.process().pid() + "\\]: ";
        assertThat(mailLog).allMatch(line -> Pattern.compile(prefix).matcher(line).find(), "every line has our syslog prefix");
        assertThat(mailLog).filteredOn(line -> line.contains("192.0.2.66")).singleElement().matches(line -> line.endsWith(
            ": warning: unknown[127.0.0.9]: SASL PLAIN authentication failed: authentication failure, sasl_username=x?" + FORGED_PLAIN));
        assertThat(mailLog).filteredOn(line -> line.contains("192.0.2.67")).singleElement().matches(line -> line.endsWith(
            ": warning: unknown[127.0.0.9]: SASL LOGIN authentication failed: authentication failure, sasl_username=x?" + FORGED_LOGIN));
        assertThat(mailLog).filteredOn(line -> line.contains("helo=")).singleElement().matches(line -> line.endsWith(
            ": NOQUEUE: reject: RCPT from unknown[127.0.0.9]: 554 5.7.1 <x@foreign.example>: Relay access denied;"
                + " from=<s@remote.example> to=<x@foreign.example> proto=ESMTP helo=<a?b.example>"));
        assertThat(String.join("\n", mailLog)).doesNotContain("\r");
        assertThat(james.jamesLog()).doesNotContain("\r").doesNotContain("\n" + FORGED_PLAIN).doesNotContain("\n" + FORGED_LOGIN);
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void clientMistakesShouldLogOneLineEachAndNoStackTrace() throws Exception {
        int before = james.jamesLog().split("\n", -1).length;

        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            client.send("EHLO ok.example");
            client.send("MAIL FROM:<s\u00e9\u00ff@remote.example>");
            client.send("QUIT");
        }
        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            client.send("EHLO ok.example");
            client.send("MAIL FROM:<s@remote.example>");
            client.send("RCPT TO:<alice@example.test>");
            assertThat(client.send("DATA")).startsWith("354");
            client.write("Subject: cut short\r\n\r\nhalf a mess".getBytes(StandardCharsets.US_ASCII));
            client.reset();
        }
        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            client.send("EHLO ok.example");
            assertThat(client.send("STARTTLS")).startsWith("220");
            client.write("EHLO this is not TLS\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            client.reply();
        }
        try (RawClient client = RawClient.connect(smtp, ATTACKER)) {
            client.send("EHLO ok.example");
            client.write("STARTTLS\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            client.reply();
            client.reply();
        }
        Thread.sleep(1000);

        String[] lines = james.jamesLog().split("\n", -1);
        List<String> added = List.of(lines).subList(before - 1, lines.length).stream().filter(line -> !line.isEmpty()).toList();
        // Four connections: "Connection established" and "Connection closed" each, plus one line per
        // event; a stack trace would add 15-50.
        assertThat(added).hasSizeLessThanOrEqualTo(4 * 4);
        assertThat(added).allMatch(line -> JAMES_LOG_LINE.matcher(line).matches(), "one dated line per event");
        assertThat(added).noneMatch(line -> line.contains("\tat ") || line.startsWith("Caused by") || line.startsWith("Wrapped by"));
        assertThat(sink.messages()).isEmpty();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
