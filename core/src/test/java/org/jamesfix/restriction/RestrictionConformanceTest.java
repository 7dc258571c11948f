package org.jamesfix.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jamesfix.config.ConfigException;
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
 * part of the SMTP adapter in miniature (fixed 2xx/3xx texts, 503 after a rejected client).
 *
 * Script lines ('#' lines are comments and are not echoed):
 *   set NAME = VALUE            a main.cf setting over base.cf, from the next session on
 *   client NAME ADDR [login=U] [direct]  a new session from ADDR with verified name NAME ("unknown":
 *                               none); "direct": recorded by connecting from ADDR itself, not XCLIENT
 *   helo NAME / ehlo NAME
 *   mail ADDRESS / rcpt ADDRESS (with angle brackets)
 *   data                        DATA, and when accepted the end of a one-line message
 *   pipelined mail A rcpt B     MAIL and RCPT sent in one write (improper pipelining after HELO)
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
        private SessionFacts facts;
        private boolean clientRejected;
        private boolean open;
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
                    facts = facts.withImproperPipelining();
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
                engine = SmtpdRestrictions.load(policy, ExactDomainResolver.BASE);
                changed = false;
            }
            facts = SessionFacts.connect(words[2], words[1]);
            for (int i = 3; i < words.length; i++) {
                if (words[i].startsWith("login=")) {
                    facts = facts.withSasl(words[i].substring(6));
                }
            }
            open = true;
            clientRejected = false;
            Decision decision = decide(Stage.CONNECT);
            if (decision.isRejected()) {
                clientRejected = true;
                reply(decision.reply().get().toString());
            } else {
                reply("220 mail.example.com ESMTP Postfix");
            }
        }

        private void helo(String name, boolean esmtp) {
            if (refusedAfterClientReject()) {
                return;
            }
            facts = facts.withHeloName(name);
            Decision decision = decide(esmtp ? Stage.EHLO : Stage.HELO);
            if (decision.isRejected()) {
                reply(decision.reply().get().toString());
            } else {
                facts = facts.withProtocol(esmtp);
                reply("250 mail.example.com");
            }
        }

        private void mail(String sender) {
            if (refusedAfterClientReject()) {
                return;
            }
            SessionFacts before = facts;
            facts = facts.withSender(sender);
            Decision decision = decide(Stage.MAIL);
            if (decision.isRejected()) {
                facts = before;
                reply(decision.reply().get().toString());
            } else {
                reply("250 2.1.0 Ok");
            }
        }

        private void rcpt(String recipient) {
            if (refusedAfterClientReject()) {
                return;
            }
            if (facts.sender().isEmpty()) {
                reply("503 5.5.1 Error: need MAIL command");
                return;
            }
            SessionFacts before = facts;
            facts = facts.withRecipient(recipient);
            Decision decision = decide(Stage.RCPT);
            if (decision.isRejected()) {
                reply(decision.reply().get().toString());
                facts = before;
            } else {
                reply("250 2.1.5 Ok");
                facts = before.withAcceptedRecipient(recipient, decision.actions());
            }
        }

        private void data() {
            if (refusedAfterClientReject()) {
                return;
            }
            if (facts.recipientCount() == 0) {
                reply(facts.sender().isEmpty() ? "503 5.5.1 Error: need RCPT command" : "554 5.5.1 Error: no valid recipients");
                return;
            }
            Decision decision = decide(Stage.DATA);
            if (decision.isRejected()) {
                reply(decision.reply().get().toString());
                return;
            }
            reply("354 End data with <CR><LF>.<CR><LF>");
            Decision end = decide(Stage.END_OF_DATA);
            reply(end.isRejected() ? end.reply().get().toString() : "250 2.0.0 Ok: queued as QUEUEID");
            facts = facts.withoutTransaction();
        }

        /** One check; the log lines are kept for the end of the session, pending defers carried on. */
        private Decision decide(Stage stage) {
            Decision decision;
            try {
                decision = engine.check(stage, facts);
            } catch (ConfigException e) {
                throw new AssertionError(e.getMessage(), e);
            }
            String queueId = facts.recipientCount() > 0 ? "QUEUEID" : "NOQUEUE";
            for (String line : decision.logLines()) {
                logs.add(line.startsWith("NOQUEUE: ") ? queueId + line.substring(7) : line);
            }
            if (!decision.isRejected() && decision.pendingDefer().isPresent()) {
                facts = facts.withPendingDefer(decision.pendingDefer());
            }
            return decision;
        }

        private boolean refusedAfterClientReject() {
            if (clientRejected) {
                reply("503 5.7.0 Error: access denied for " + facts.nameAndAddress());
                return true;
            }
            return false;
        }

        private void finishSession() {
            if (!open) {
                return;
            }
            for (String line : logs) {
                out.append("log: ").append(line).append('\n');
            }
            logs.clear();
            open = false;
        }

        private void reply(String text) {
            out.append(text).append('\n');
        }

        private static String unbracket(String address) {
            return address.startsWith("<") && address.endsWith(">") ? address.substring(1, address.length() - 1) : address;
        }
    }
}
