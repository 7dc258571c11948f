package org.jamesfix.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the golden sessions cannot show: the accepting actions handed to the adapter, and a table
 * that fails (Postfix's smtpd_check.c answers "451 4.3.5 Server configuration error" about the
 * subject, read from the Postfix 3.7 source since a failing table is hard to provoke there).
 */
class SmtpdRestrictionsTest {
    private static final SessionFacts SESSION = SessionFacts.connect("192.0.2.1", "unknown")
        .withHeloName("client.example").withProtocol(true).withSender("s@client.example");

    /** The standard types plus "failing:", whose every lookup fails. */
    private static TableRegistry registryWithFailingTable() {
        return TableRegistry.standard(Path.of(".")).with("failing", (spec, name, r) -> LookupTable.of(spec, key -> LookupResult.failed("simulated outage")));
    }

    // example.com is local, as in conformance/restriction/base.cf.
    private static SmtpdRestrictions load(String mainCf) {
        Policy policy = Policy.of(MainCf.parse("mydestination = $myhostname, example.com, localhost\n" + mainCf, "main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")), registryWithFailingTable());
        return SmtpdRestrictions.load(policy);
    }

    // With the policy's real resolver (mydestination = example.com, relay_domains = relay.example):
    // Postfix 3.7 denies routing inside a relay domain and defers on a failing domain list.
    private static SmtpdRestrictions loadWithRealResolver(String mainCf) {
        return SmtpdRestrictions.load(Policy.of(MainCf.parse("mydestination = example.com\nrelay_domains = relay.example\n" + mainCf,
            "main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")), registryWithFailingTable()));
    }

    @Test
    void rejectUnauthDestinationShouldDenyRoutingInsideARelayDomain() {
        SmtpdRestrictions engine = loadWithRealResolver("smtpd_relay_restrictions = reject_unauth_destination\n");

        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("user@sub.relay.example")).isRejected()).isFalse();
        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("user%foreign.example@relay.example")).reply())
            .map(Reply::toString).contains("554 5.7.1 <user%foreign.example@relay.example>: Relay access denied");
        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("user%foreign.example@example.com")).reply())
            .map(Reply::toString).contains("554 5.7.1 <user%foreign.example@example.com>: Relay access denied");
    }

    @Test
    void rejectUnauthDestinationShouldDeferWhenADomainListFails() {
        SmtpdRestrictions engine = loadWithRealResolver("relay_domains = failing:x\nsmtpd_relay_restrictions = reject_unauth_destination\n");

        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("user@foreign.example")).reply())
            .map(Reply::toString).contains("451 4.3.0 <user@foreign.example>: Temporary lookup failure");
    }

    @Test
    void checkShouldHandAcceptingActionsToTheAdapter() {
        SmtpdRestrictions engine = load("smtpd_recipient_restrictions = check_recipient_access inline:{ "
            + "{a@example.com=HOLD} {b@example.com=REDIRECT x@example.com} {c@example.com=FILTER smtp:[127.0.0.1]:10026} "
            + "{d@example.com=BCC y@example.com} {e@example.com=PREPEND X-Tag: yes} {f@example.com=DISCARD gone} }, "
            + "reject_unauth_destination\n");

        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("a@example.com")).actions())
            .containsExactly(new AcceptAction(AcceptAction.Kind.HOLD, ""));
        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("b@example.com")).actions())
            .containsExactly(new AcceptAction(AcceptAction.Kind.REDIRECT, "x@example.com"));
        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("c@example.com")).actions())
            .containsExactly(new AcceptAction(AcceptAction.Kind.FILTER, "smtp:[127.0.0.1]:10026"));
        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("d@example.com")).actions())
            .containsExactly(new AcceptAction(AcceptAction.Kind.BCC, "y@example.com"));
        assertThat(engine.check(Stage.RCPT, SESSION.withRecipient("e@example.com")).actions())
            .containsExactly(new AcceptAction(AcceptAction.Kind.PREPEND, "X-Tag: yes"));
        Decision discard = engine.check(Stage.RCPT, SESSION.withRecipient("f@example.com"));
        assertThat(discard.outcome()).isEqualTo(Decision.Outcome.PERMIT);
        assertThat(discard.actions()).containsExactly(new AcceptAction(AcceptAction.Kind.DISCARD, "gone"));
    }

    @Test
    void checkShouldSkipEverythingAfterADiscardInTheTransaction() {
        SmtpdRestrictions engine = load("smtpd_recipient_restrictions = reject_unauth_destination\n");
        SessionFacts discarded = SESSION.withAcceptedRecipient("f@example.com", List.of(new AcceptAction(AcceptAction.Kind.DISCARD, "")));

        assertThat(engine.check(Stage.RCPT, discarded.withRecipient("x@foreign.example")).isRejected()).isFalse();
    }

    @Test
    void checkShouldAnswerServerConfigurationErrorWhenATableFails() {
        SmtpdRestrictions engine = load("smtpd_client_restrictions = check_client_access failing:x\n");

        Decision decision = engine.check(Stage.RCPT, SESSION.withRecipient("bob@example.com"));

        assertThat(decision.reply()).map(Reply::toString)
            .contains("451 4.3.5 <unknown[192.0.2.1]>: Client host rejected: Server configuration error");
    }

    @Test
    @Timeout(10)
    void checkShouldDeferWhenAPcreMatchRunsAwayOnTheSenderAddress(@TempDir Path directory) throws IOException {
        // The client picks the key: catastrophic backtracking must end as a failed lookup (451), not a hung thread.
        Path table = directory.resolve("sender.pcre");
        Files.writeString(table, "/^(a+)+$/ REJECT\n");
        SmtpdRestrictions engine = load("smtpd_sender_restrictions = check_sender_access pcre:" + table + "\n");
        // Long, as java.util.regex memoizes (a+)+; the reply then cuts the address (Postfix's 512-byte limit).
        String sender = "a".repeat(5000) + "!";

        Decision decision = engine.check(Stage.RCPT, SESSION.withSender(sender).withRecipient("bob@example.com"));

        assertThat(decision.reply()).map(reply -> reply.code() + " " + reply.enhancedCode()).contains("451 4.3.5");
        assertThat(decision.reply().get().text()).startsWith("<aaaaaaaaaa");
    }

    @Test
    void checkShouldAnswerServerConfigurationErrorWhenAnAddressTableFails() {
        SmtpdRestrictions engine = load("smtpd_sender_restrictions = check_sender_access failing:x\n");

        Decision decision = engine.check(Stage.RCPT, SESSION.withRecipient("bob@example.com"));

        assertThat(decision.reply()).map(Reply::toString)
            .contains("451 4.3.5 <s@client.example>: Sender address rejected: Server configuration error");
    }

    private static final String ACCESS = "inline:{ {client.example = REJECT} {<> = 550 no bounces here} "
        + "{spammer@ = DEFER} {later@example.com = DEFER_IF_PERMIT} {maybe@example.com = DEFER_IF_REJECT} "
        + "{held@example.com = HOLD} {trusted@example.com = permit_mynetworks, reject} {fine@example.com = OK} }";

    // The access entry points for the matchers: one table alone, whatever main.cf's lists say.
    // Replies as Postfix 3.7.11 gives them for check_sender_access (POSTFIX-FACTS, access(5) defaults).
    @Test
    void checkSenderAccessShouldUseAccessKeyOrderAndReplies() {
        Policy policy = Policy.of(MainCf.parse("mynetworks = 127.0.0.0/8\n", "main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")),
            registryWithFailingTable());
        SmtpdRestrictions engine = SmtpdRestrictions.load(policy);
        LookupTable table = policy.tables().open(ACCESS);
        SessionFacts facts = SessionFacts.connect("192.0.2.1", "unknown").withRecipient("r@example.com");

        assertThat(engine.checkSenderAccess(table, facts.withSender("a@sub.client.example")).reply()).map(Reply::toString)
            .contains("554 5.7.1 <a@sub.client.example>: Sender address rejected: Access denied");
        assertThat(engine.checkSenderAccess(table, facts.withSender("")).reply()).map(Reply::toString)
            .contains("550 5.7.1 <>: Sender address rejected: no bounces here");
        assertThat(engine.checkSenderAccess(table, facts.withSender("spammer@anywhere.example")).reply()).map(Reply::toString)
            .contains("450 4.7.1 <spammer@anywhere.example>: Sender address rejected: Access denied");
        assertThat(engine.checkSenderAccess(table, facts.withSender("later@example.com")).reply()).map(Reply::toString)
            .contains("450 4.7.1 <later@example.com>: Sender address rejected: Service unavailable");
        assertThat(engine.checkSenderAccess(table, facts.withSender("maybe@example.com")).outcome()).isEqualTo(Decision.Outcome.DUNNO);
        assertThat(engine.checkSenderAccess(table, facts.withSender("held@example.com")).actions())
            .containsExactly(new AcceptAction(AcceptAction.Kind.HOLD, ""));
        assertThat(engine.checkSenderAccess(table, facts.withSender("fine@example.com")).outcome()).isEqualTo(Decision.Outcome.PERMIT);
        assertThat(engine.checkSenderAccess(table, facts.withSender("other@example.com")).outcome()).isEqualTo(Decision.Outcome.DUNNO);
        // A restriction list as value is evaluated about the same sender, with the session's client.
        assertThat(engine.checkSenderAccess(table, facts.withSender("trusted@example.com")).reply()).map(Reply::toString)
            .contains("554 5.7.1 <trusted@example.com>: Sender address rejected: Access denied");
        assertThat(engine.checkSenderAccess(table, SessionFacts.connect("127.0.0.1", "unknown").withSender("trusted@example.com")
            .withRecipient("r@example.com")).outcome()).isEqualTo(Decision.Outcome.PERMIT);
    }

    @Test
    void checkRecipientAccessShouldTalkAboutTheRecipientAndDeferWhenTheTableFails() {
        Policy policy = Policy.of(MainCf.parse("", "main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")), registryWithFailingTable());
        SmtpdRestrictions engine = SmtpdRestrictions.load(policy);
        SessionFacts facts = SESSION.withRecipient("user+tag@client.example");

        assertThat(engine.checkRecipientAccess(policy.tables().open(ACCESS), facts).reply()).map(Reply::toString)
            .contains("554 5.7.1 <user+tag@client.example>: Recipient address rejected: Access denied");
        Decision failed = engine.checkRecipientAccess(policy.tables().open("failing:x"), facts);
        assertThat(failed.reply()).map(Reply::toString)
            .contains("451 4.3.5 <user+tag@client.example>: Recipient address rejected: Server configuration error");
        assertThat(failed.logLines()).startsWith("warning: failing:x lookup error for \"user+tag@client.example\": simulated outage");
    }

    @Test
    void logLineShouldCarryTheQueueIdOnceThereIsOne() {
        assertThat(SmtpdRestrictions.logLine("4B1E21607F6", Stage.RCPT, SESSION.withRecipient("x@foreign.example"), "reject",
                "554 5.7.1 <x@foreign.example>: Relay access denied"))
            .isEqualTo("4B1E21607F6: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@foreign.example>: Relay access denied; "
                + "from=<s@client.example> to=<x@foreign.example> proto=ESMTP helo=<client.example>");
    }
}
