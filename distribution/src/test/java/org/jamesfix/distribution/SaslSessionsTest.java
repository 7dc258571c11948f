package org.jamesfix.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jamesfix.testing.InProcessJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS, AUTH PLAIN and LOGIN and each port's policy over real SMTP, against a real James
 * 3.8.1 with the shipped configuration plus three listeners (the submission rules without
 * smtpd_sasl_auth_required, broken_sasl_auth_clients = yes, smtpd_sasl_auth_enable = no).
 *
 * Every session of conformance/sasl/sessions.in runs against Jamesfix and its transcript must
 * equal sessions.ref, recorded from Postfix 3.7.11 (Cyrus SASL) with the same parameters by
 * core/src/test/tools/record_sasl_refs.py. The transcript rules (what is compared of EHLO and of
 * 2xx replies) are in sessions.in.
 */
class SaslSessionsTest {
    private static final Path SESSIONS = Path.of("src", "test", "resources", "conformance", "sasl");
    private static final Pattern BASE64_MACRO = Pattern.compile("\\{([^}]*)\\}");
    private static final Pattern LISTENER = Pattern.compile("(?s)  <smtpserver enabled=\"true\">.*?</smtpserver>\n");
    private static final String POLICY_HANDLER = "<handler class=\"org.jamesfix.smtp.SmtpdPolicy\"";

    @TempDir
    static Path workDir;
    private static InProcessJamesfix james;
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        int submissionOpen = TestPorts.freePort();
        int broken = TestPorts.freePort();
        int noauth = TestPorts.freePort();
        james = InProcessJamesfix.start(workDir, conf -> {
            addListeners(conf.resolve("smtpserver.xml"), submissionOpen, broken, noauth);
            // The limits the recorder gave Postfix (record_sasl_refs.py): long sessions of failures.
            Files.writeString(conf.resolve("main.cf"), "\nsmtpd_error_sleep_time = 0\nsmtpd_soft_error_limit = 1000\n"
                + "smtpd_hard_error_limit = 1000\nsmtpd_client_auth_rate_limit = 0\n", StandardOpenOption.APPEND);
        });
        PORTS.put("smtp", james.port(TestPorts.SMTP));
        PORTS.put("submission", james.port(TestPorts.SUBMISSION));
        PORTS.put("smtps", james.port(TestPorts.SMTPS));
        PORTS.put("submission-open", submissionOpen);
        PORTS.put("broken", broken);
        PORTS.put("noauth", noauth);
    }

    @AfterAll
    static void stop() {
        james.close();
    }

    @TestFactory
    Stream<DynamicTest> everySessionShouldGetPostfixReplies() throws IOException {
        List<Session> script = Session.parse(Files.readAllLines(SESSIONS.resolve("sessions.in"), StandardCharsets.UTF_8));
        Map<String, String> recorded = recordedTranscripts(Files.readAllLines(SESSIONS.resolve("sessions.ref"), StandardCharsets.UTF_8));
        assertThat(recorded.keySet()).containsExactlyElementsOf(script.stream().map(Session::header).toList());
        return script.stream().map(session -> DynamicTest.dynamicTest(session.name(),
            () -> assertThat(session.run(PORTS.get(session.listener()))).isEqualTo(recorded.get(session.header()))));
    }

    /**
     * smtpd_sasl_auth_required is Jamesfix's own: Postfix has no such switch. Without it Postfix
     * answers MAIL with 250 and refuses each recipient ("554 5.7.1 <alice@example.test>: Recipient
     * address rejected: Access denied", session submission-open-without-auth); with it the shipped
     * submission and SMTPS ports refuse the transaction at MAIL, as RFC 4954 suggests.
     */
    @Test
    void shippedSubmissionPortsShouldRequireAuthAtMail() throws Exception {
        try (SmtpDialog submission = SmtpDialog.connect(james.port(TestPorts.SUBMISSION), "127.0.0.2");
             SmtpDialog smtps = SmtpDialog.connectTls(james.port(TestPorts.SMTPS), "127.0.0.2")) {
            submission.startTls("client.example");
            assertThat(submission.send("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Authentication required");
            smtps.send("EHLO client.example");
            assertThat(smtps.send("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Authentication required");
        }
    }

    // Three more listeners, copies of the shipped ones with other <param>s.
    private static void addListeners(Path smtpserverXml, int submissionOpen, int broken, int noauth) throws IOException {
        String xml = Files.readString(smtpserverXml, StandardCharsets.UTF_8);
        String smtp = listener(xml, "smtp");
        String submission = listener(xml, "submission");
        String extra = renamed(submission, "submission", "submission-open", submissionOpen)
                .replace("        <param name=\"smtpd_sasl_auth_required\">yes</param>\n", "")
            + withParam(renamed(smtp, "smtp", "broken", broken), "broken_sasl_auth_clients", "yes")
            + withParam(renamed(smtp, "smtp", "noauth", noauth), "smtpd_sasl_auth_enable", "no");
        assertThat(extra).doesNotContain("smtpd_sasl_auth_required");
        Files.writeString(smtpserverXml, xml.replace("</smtpservers>", extra + "</smtpservers>"), StandardCharsets.UTF_8);
    }

    private static String listener(String xml, String jmxName) {
        Matcher matcher = LISTENER.matcher(xml);
        while (matcher.find()) {
            if (matcher.group().contains("<jmxName>" + jmxName + "</jmxName>")) {
                return matcher.group();
            }
        }
        throw new AssertionError("no listener " + jmxName + " in smtpserver.xml");
    }

    private static String renamed(String listener, String jmxName, String newName, int port) {
        return listener.replace("<jmxName>" + jmxName + "</jmxName>", "<jmxName>" + newName + "</jmxName>")
            .replaceFirst("<bind>127\\.0\\.0\\.1:\\d+</bind>", "<bind>127.0.0.1:" + port + "</bind>");
    }

    // The shipped port-25 listener's handler has no params: give it one.
    private static String withParam(String listener, String name, String value) {
        assertThat(listener).contains(POLICY_HANDLER + "/>");
        return listener.replace(POLICY_HANDLER + "/>",
            POLICY_HANDLER + ">\n        <param name=\"" + name + "\">" + value + "</param>\n      </handler>");
    }

    // "session ..." line -> the transcript lines that follow it, as one string.
    private static Map<String, String> recordedTranscripts(List<String> lines) {
        Map<String, String> transcripts = new LinkedHashMap<>();
        String current = null;
        for (String line : lines) {
            if (line.startsWith("session ")) {
                current = line;
                transcripts.put(current, "");
            } else if (current != null && !line.isEmpty()) {
                transcripts.merge(current, line + "\n", String::concat);
            }
        }
        return transcripts;
    }

    /** One "session NAME LISTENER [CLIENT-IP]" block of sessions.in. */
    private record Session(String header, String name, String listener, String client, List<String> commands) {

        static List<Session> parse(List<String> lines) {
            List<Session> sessions = new ArrayList<>();
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("session ")) {
                    String[] words = line.split(" ");
                    sessions.add(new Session(line, words[1], words[2], words.length > 3 ? words[3] : "127.0.0.2", new ArrayList<>()));
                } else {
                    sessions.get(sessions.size() - 1).commands().add(line);
                }
            }
            return sessions;
        }

        /** The session's transcript, written by the rules of sessions.in. */
        String run(int port) throws IOException {
            StringBuilder transcript = new StringBuilder();
            try (SmtpDialog smtp = "smtps".equals(listener) ? SmtpDialog.connectTls(port, client) : SmtpDialog.connect(port, client)) {
                for (String command : commands) {
                    String reply = smtp.send(expand(command));
                    transcript.append("> ").append(command).append('\n')
                        .append("< ").append(transcriptLine(command, reply)).append('\n');
                    if ("STARTTLS".equalsIgnoreCase(command) && reply.startsWith("220")) {
                        smtp.upgradeToTls();
                    }
                }
                smtp.send("QUIT");
            }
            return transcript.toString();
        }

        private static String expand(String command) {
            Matcher matcher = BASE64_MACRO.matcher(command);
            StringBuilder expanded = new StringBuilder();
            while (matcher.find()) {
                String text = matcher.group(1).replace("\\0", "\0");
                matcher.appendReplacement(expanded, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
            }
            return matcher.appendTail(expanded).toString();
        }

        private static String transcriptLine(String command, String reply) {
            List<String> lines = List.of(reply.split("\n", -1));
            String last = lines.get(lines.size() - 1);
            String code = last.substring(0, 3);
            String verb = command.split(" ")[0].toUpperCase(Locale.ROOT);
            if ("EHLO".equals(verb) && "250".equals(code)) {
                List<String> kept = lines.stream().skip(1).map(line -> line.substring(4))
                    .filter(text -> "STARTTLS".equals(text) || text.startsWith("AUTH")).toList();
                return code + " EHLO: " + (kept.isEmpty() ? "-" : String.join(" | ", kept));
            }
            if (List.of("MAIL", "RCPT", "RSET").contains(verb) && code.startsWith("2")) {
                String[] words = last.split(" ");
                return words[0] + " " + words[1];
            }
            return String.join(" | ", lines);
        }
    }
}
