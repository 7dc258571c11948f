package org.jamesfix.restriction;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One SMTP session as Postfix's smtpd(8) runs its restrictions: the protocol state the engine
 * needs between commands (client rejected at connect, HELO name, transaction, accepted
 * recipients, pending defer_if_permit, accepting actions) and the command-level replies that go
 * with it. The SMTP adapter calls one method per command and sends the reply when one is
 * returned; an empty result means "go on". Not thread-safe: one per connection.
 *
 * Replies (Postfix 3.7.11): after a client rejected at connect (smtpd_delay_reject = no) every
 * command but QUIT gets "503 5.7.0 Error: access denied for name[addr]"; with
 * smtpd_helo_required MAIL before HELO gets "503 5.5.1 Error: send HELO/EHLO first"; DATA
 * without accepted recipients gets "554 5.5.1 Error: no valid recipients".
 *
 * Log lines go to {@code log} as the engine writes them; lines of a transaction that has a
 * queue id (after the first accepted recipient) start with that id instead of NOQUEUE, as in
 * Postfix. {@code queueIds} is asked once per such transaction.
 */
public final class SmtpdSession {
    /**
     * Mail attribute (boolean true) the SMTP adapter sets on a message whose recipients were all
     * accepted here, so the pipeline's relay decision can honour what smtpd_relay_restrictions allowed.
     */
    public static final String ACCEPTED_ATTRIBUTE = "org.jamesfix.smtp.accepted";
    private static final String NOQUEUE = "NOQUEUE: ";
    private static final List<String> LAST_IN_GROUP = List.of("HELO", "EHLO", "DATA", "VRFY", "EXPN", "NOOP", "AUTH", "ETRN",
        "STARTTLS", "QUIT");
    private static final Reply BAD_RECIPIENT_SYNTAX = new Reply(501, "5.1.3", "Bad recipient address syntax");

    private final SmtpdRestrictions restrictions;
    private final boolean heloRequired;
    private final Consumer<String> log;
    private final Supplier<String> queueIds;
    private SessionFacts facts;
    private boolean clientRejected;
    private String queueId = "";
    private Decision pendingRecipient;
    private String pendingAddress = "";
    // A defer_if_permit raised at connect or HELO (smtpd_delay_reject = no) outlives RSET, as in Postfix.
    private Optional<Reply> sessionDefer = Optional.empty();

    public SmtpdSession(SmtpdRestrictions restrictions, boolean heloRequired, SessionFacts connection,
            Consumer<String> log, Supplier<String> queueIds) {
        this.restrictions = restrictions;
        this.heloRequired = heloRequired;
        this.facts = connection;
        this.log = log;
        this.queueIds = queueIds;
    }

    /** The facts as they stand (for logging and tests). */
    public SessionFacts facts() {
        return facts;
    }

    /** The client restrictions at connect; a reply here replaces the greeting. */
    public Optional<Reply> connect() {
        Decision decision = decide(Stage.CONNECT);
        clientRejected = decision.isRejected();
        return decision.reply();
    }

    /**
     * The reply for any command but QUIT after the client was rejected at connect; empty
     * otherwise. The adapter asks this first for every command.
     */
    public Optional<Reply> accessDenied() {
        return clientRejected ? Optional.of(new Reply(503, "5.7.0", "Error: access denied for " + facts.nameAndAddress()))
            : Optional.empty();
    }

    /** HELO ({@code esmtp} false) or EHLO: helo restrictions when not delayed; ends any transaction. */
    public Optional<Reply> helo(String name, boolean esmtp) {
        if (facts.sender().isPresent()) {
            reset();
        }
        facts = facts.withHeloName(name);
        Decision decision = decide(esmtp ? Stage.EHLO : Stage.HELO);
        if (!decision.isRejected()) {
            facts = facts.withProtocol(esmtp);
        }
        return decision.reply();
    }

    /**
     * A command was read; {@code inputAhead} tells whether the client had already sent more.
     * As Postfix, that is improper pipelining (for reject_unauth_pipelining, for the rest of the
     * session) when the client did not say EHLO, or when the command must end a pipelined group
     * (RFC 2920: HELO, EHLO, DATA, VRFY, EXPN, NOOP; AUTH, ETRN, STARTTLS, QUIT).
     *
     * @return true when this command made the session improperly pipelined (the adapter logs it)
     */
    public boolean commandRead(String command, boolean inputAhead) {
        if (!inputAhead || facts.improperPipelining()) {
            return false;
        }
        if (facts.protocol().equals("ESMTP") && !LAST_IN_GROUP.contains(command.toUpperCase(Locale.ROOT))) {
            return false;
        }
        facts = facts.withImproperPipelining();
        return true;
    }

    /** The client name, when it was looked up after the connection was opened. */
    public void clientNamed(String name) {
        facts = facts.withClientName(name);
    }

    /** After AUTH succeeded. */
    public void authenticated(String user) {
        facts = facts.withSasl(user);
    }

    /** After STARTTLS (the client must say HELO again: Postfix forgets the name). */
    public void tlsStarted() {
        facts = facts.withTls().withoutTransaction().withHeloName("");
        queueId = "";
    }

    /**
     * The checks before MAIL FROM is looked at: access denied, then smtpd_helo_required. The
     * adapter asks these before its server parses the command, as Postfix does.
     */
    public Optional<Reply> beforeMail() {
        Optional<Reply> denied = accessDenied();
        if (denied.isPresent()) {
            return denied;
        }
        if (heloRequired && facts.heloName().isEmpty()) {
            return Optional.of(new Reply(503, "5.5.1", "Error: send HELO/EHLO first"));
        }
        return Optional.empty();
    }

    /** MAIL FROM ("" for the null sender): a new transaction, sender restrictions when not delayed. */
    public Optional<Reply> mail(String sender) {
        SessionFacts before = facts;
        facts = facts.withSender(sender);
        queueId = "";
        Decision decision = decide(Stage.MAIL);
        if (decision.isRejected()) {
            facts = before;
        }
        return decision.reply();
    }

    /**
     * RCPT TO (the address in internal form, see SmtpPath): Postfix's address syntax check
     * ("501 5.1.3 Bad recipient address syntax", not logged), then client, helo and sender lists
     * when delayed, relay and recipient lists, unlisted recipients. Empty means accepted: the
     * server then takes the recipient and calls {@link #recipientTaken()} (a server whose own
     * checks still refuse it does not). {@code serverCanCarry} false (the mail server cannot
     * represent the address) turns an acceptance into the syntax reply.
     */
    public Optional<Reply> rcpt(String recipient, boolean serverCanCarry) {
        pendingRecipient = null;
        if (restrictions.isAddressSyntaxError(recipient)) {
            return Optional.of(BAD_RECIPIENT_SYNTAX);
        }
        SessionFacts before = facts;
        facts = facts.withRecipient(recipient);
        Decision decision = decide(Stage.RCPT);
        facts = before;
        if (decision.isRejected() || !serverCanCarry) {
            return decision.isRejected() ? decision.reply() : Optional.of(BAD_RECIPIENT_SYNTAX);
        }
        pendingRecipient = decision;
        pendingAddress = recipient;
        return Optional.empty();
    }

    /** The recipient {@link #rcpt} accepted last is now part of the transaction (with its actions). */
    public void recipientTaken() {
        if (pendingRecipient == null) {
            return;
        }
        if (queueId.isEmpty()) {
            queueId = queueIds.get();
        }
        facts = facts.withAcceptedRecipient(pendingAddress, pendingRecipient.actions());
        pendingRecipient = null;
    }

    /** DATA: no recipients, then smtpd_data_restrictions. */
    public Optional<Reply> data() {
        if (facts.recipientCount() == 0) {
            return Optional.of(facts.sender().isEmpty() ? new Reply(503, "5.5.1", "Error: need RCPT command")
                : new Reply(554, "5.5.1", "Error: no valid recipients"));
        }
        return decide(Stage.DATA).reply();
    }

    /** After the final dot: smtpd_end_of_data_restrictions. The transaction ends either way. */
    public Optional<Reply> endOfData() {
        Optional<Reply> reply = decide(Stage.END_OF_DATA).reply();
        reset();
        return reply;
    }

    /** RSET, or a transaction the server ended. */
    public void reset() {
        facts = facts.withoutTransaction().withPendingDefer(sessionDefer);
        queueId = "";
    }

    /** The accepting actions (HOLD, DISCARD, ...) of the accepted recipients of this transaction. */
    public List<AcceptAction> actions() {
        return facts.transactionActions();
    }

    /** The queue id of this transaction once a recipient was accepted; empty before. */
    public String queueId() {
        return queueId;
    }

    private Decision decide(Stage stage) {
        Decision decision = restrictions.check(stage, facts);
        for (String line : decision.logLines()) {
            log.accept(!queueId.isEmpty() && line.startsWith(NOQUEUE) ? queueId + ": " + line.substring(NOQUEUE.length()) : line);
        }
        if (!decision.isRejected() && decision.pendingDefer().isPresent()) {
            facts = facts.withPendingDefer(decision.pendingDefer());
            if (stage != Stage.MAIL) {
                sessionDefer = decision.pendingDefer();
            }
        }
        return decision;
    }
}
