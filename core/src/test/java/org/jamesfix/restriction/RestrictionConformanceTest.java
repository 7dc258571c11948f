package org.jamesfix.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden SMTP session scripts for the restriction engine: each conformance/restriction/NAME.in
 * must produce exactly NAME.ref. The .ref files were recorded from a real Postfix 3.7.11 by
 * src/test/tools/record_restriction_refs.py (same base.cf, same script); this class plays the
 * part of the SMTP adapter over core's SmtpdSession, with the policy's real address resolver
 * (fixed 2xx/3xx texts).
 *
 * Script lines ('#' lines are comments and are not echoed):
 *   set NAME = VALUE            a main.cf setting over base.cf, from the next session on
 *   client NAME ADDR [login=U] [direct]  a new session from ADDR with verified name NAME ("unknown":
 *                               none); "direct": recorded by connecting from ADDR itself, not XCLIENT
 *   helo NAME / ehlo NAME
 *   mail ADDRESS / rcpt ADDRESS (with angle brackets)
 *   data                        DATA, and when accepted the end of a one-line message
 *   pipelined mail A rcpt B     MAIL and RCPT sent in one write (improper after HELO, fine after EHLO)
 * After each session come its log lines ("log: NOQUEUE: reject: ..."), queue ids as QUEUEID.
 * The .ref files are never written from this engine's output: re-record them from Postfix.
 * -Djamesfix.conformance.out=DIR writes the actual transcripts to DIR for comparison.
 */
class RestrictionConformanceTest {
    // Expectations: replies and log lines of Postfix 3.7.11 (Debian package), recorded on
    // loopback through XCLIENT with base.cf; see src/test/tools/record_restriction_refs.py.
    private static final String DIRECTORY = "conformance/restriction";

    @TestFactory
    Stream<DynamicTest> sessionsShouldGetPostfixReplies() throws IOException, URISyntaxException {
        Path directory = Path.of(getClass().getClassLoader().getResource(DIRECTORY).toURI());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(directory)) {
            scripts = files.filter(path -> path.toString().endsWith(".in")).sorted().toList();
        }
        String base = Files.readString(directory.resolve("base.cf"), StandardCharsets.UTF_8);
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> check(base, script)));
    }

    private void check(String base, Path script) throws IOException {
        String actual = new Script(base).run(Files.readAllLines(script, StandardCharsets.UTF_8));
        Path reference = Path.of(script.toString().replaceFirst("\\.in$", ".ref"));
        String out = System.getProperty("jamesfix.conformance.out", "");
        if (!out.isEmpty()) {
            // For comparing with the recording; the .ref files themselves come only from Postfix.
            Files.writeString(Path.of(out, reference.getFileName().toString()), actual, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(reference) ? Files.readString(reference, StandardCharsets.UTF_8) : "";
        assertThat(actual).isEqualTo(expected);
    }

    /** Runs one script: an SMTP adapter in miniature over the engine. */
    private static final class Script {
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder settings;
        private SmtpdRestrictions engine;
        private boolean changed = true;
        private boolean heloRequired;
        private SmtpdSession session;
        private final List<String> logs = new ArrayList<>();

        Script(String base) {
            this.settings = new StringBuilder(base);
        }

        String run(List<String> lines) {
            for (String line : lines) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] words = trimmed.split("\\s+");
                if (words[0].equals("set") || words[0].equals("client")) {
                    finishSession();
                }
                out.append(">>> ").append(trimmed).append('\n');
                command(words, trimmed);
            }
            finishSession();
            return out.toString();
        }

        private void command(String[] words, String line) {
            switch (words[0]) {
                case "set" -> {
                    settings.append(line.substring(4).strip()).append('\n');
                    changed = true;
                }
                case "client" -> connect(words);
                case "helo", "ehlo" -> helo(words[1], words[0].equals("ehlo"));
                case "mail" -> mail(unbracket(words[1]));
                case "rcpt" -> rcpt(unbracket(words[1]));
                case "data" -> data();
                case "pipelined" -> {
                    session.commandRead("MAIL", true);
                    mail(unbracket(words[2]));
                    rcpt(unbracket(words[4]));
                }
                default -> throw new IllegalArgumentException("unknown command: " + line);
            }
        }

        private void connect(String[] words) {
            if (changed) {
                Policy policy = Policy.of(MainCf.parse(settings.toString(), "main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")),
                    TableRegistry.standard(Path.of(".")));
                engine = SmtpdRestrictions.load(policy);
                heloRequired = policy.parameters().getBoolean("smtpd_helo_required");
                changed = false;
            }
            SessionFacts facts = SessionFacts.connect(words[2], words[1]);
            for (int i = 3; i < words.length; i++) {
                if (words[i].startsWith("login=")) {
                    facts = facts.withSasl(words[i].substring(6));
                }
            }
            session = new SmtpdSession(engine, heloRequired, facts, logs::add, () -> "QUEUEID");
            reply(session.connect(), "220 mail.example.com ESMTP Postfix");
        }

        private void helo(String name, boolean esmtp) {
            if (!refusedAfterClientReject()) {
                reply(session.helo(name, esmtp), "250 mail.example.com");
            }
        }

        private void mail(String sender) {
            Optional<Reply> refused = session.beforeMail();
            reply(refused.isPresent() ? refused : session.mail(sender), "250 2.1.0 Ok");
        }

        private void rcpt(String recipient) {
            if (refusedAfterClientReject()) {
                return;
            }
            if (session.facts().sender().isEmpty()) {
                out.append("503 5.5.1 Error: need MAIL command\n");
                return;
            }
            Optional<Reply> refused = session.rcpt(recipient, true);
            if (refused.isEmpty()) {
                session.recipientTaken();
            }
            reply(refused, "250 2.1.5 Ok");
        }

        private void data() {
            if (refusedAfterClientReject()) {
                return;
            }
            Optional<Reply> refused = session.data();
            reply(refused, "354 End data with <CR><LF>.<CR><LF>");
            if (refused.isEmpty()) {
                reply(session.endOfData(), "250 2.0.0 Ok: queued as QUEUEID");
            }
        }

        private boolean refusedAfterClientReject() {
            Optional<Reply> denied = session.accessDenied();
            denied.ifPresent(reply -> out.append(reply).append('\n'));
            return denied.isPresent();
        }

        /** The refusal when there is one, else the server's accepting reply. */
        private void reply(Optional<Reply> refusal, String accepted) {
            out.append(refusal.map(Reply::toString).orElse(accepted)).append('\n');
        }

        private void finishSession() {
            if (session == null) {
                return;
            }
            for (String line : logs) {
                out.append("log: ").append(line).append('\n');
            }
            logs.clear();
            session = null;
        }

        private static String unbracket(String address) {
            return address.startsWith("<") && address.endsWith(">") ? address.substring(1, address.length() - 1) : address;
        }
    }
}
