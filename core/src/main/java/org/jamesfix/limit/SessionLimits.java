package org.jamesfix.limit;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jamesfix.restriction.Reply;

/**
 * Postfix's per-session counters of smtpd(8): errors (smtpd_soft_error_limit,
 * smtpd_hard_error_limit, smtpd_error_sleep_time), junk commands (smtpd_junk_command_limit) and
 * recipients (smtpd_recipient_limit with smtpd_recipient_overshoot_limit). The adapter reports
 * every command and every reply; this class says when to sleep before a reply, when a reply
 * must be followed by "421 4.7.0 host Error: too many errors" (and a disconnect) and when a
 * recipient is over the limit. Not thread-safe: one per connection.
 *
 * As in Postfix 3.7: a command answered with 4xx/5xx is one error; HELO, EHLO, RSET, NOOP,
 * VRFY and ETRN are junk, and each one past the junk limit is an error too; once errors reach
 * the soft limit every reply waits smtpd_error_sleep_time; at the hard limit the session ends;
 * a message received successfully forgives the errors and junk so far.
 */
public final class SessionLimits {
    private static final List<String> JUNK = List.of("HELO", "EHLO", "RSET", "NOOP", "VRFY", "ETRN");
    private static final Reply TOO_MANY_RECIPIENTS = new Reply(452, "4.5.3", "Error: too many recipients");

    private final LimitSettings settings;
    private int errors;
    private int junk;
    private int overshoot;
    private boolean forgiveReply;
    private String current = "";

    public SessionLimits(LimitSettings settings) {
        this.settings = settings;
    }

    /** A command was read; its reply follows with {@link #replied}. */
    public void command(String command) {
        current = command.toUpperCase(Locale.ROOT);
    }

    /**
     * The reply about to be sent to the current command: whether to sleep first (the errors
     * before this reply reached the soft limit) and whether to hang up after it. A 4xx/5xx
     * reply is an error; then a junk command past the junk limit is one more, as in Postfix.
     */
    public Outcome replied(int code) {
        long sleepMillis = errors >= settings.softErrorLimit() ? settings.errorSleep().toMillis() : 0;
        if (code >= 400 && !forgiveReply) {
            errors++;
        }
        forgiveReply = false;
        if (JUNK.contains(current) && junk++ > settings.junkCommandLimit()) {
            errors++;
        }
        current = "";
        return new Outcome(sleepMillis, errors >= settings.hardErrorLimit());
    }

    /**
     * RCPT TO with {@code accepted} recipients already in the transaction: Postfix's 452 once the
     * recipient limit is reached; the first smtpd_recipient_overshoot_limit of those are not errors.
     */
    public Optional<Reply> recipient(int accepted) {
        if (settings.recipientLimit() <= 0 || accepted < settings.recipientLimit()) {
            return Optional.empty();
        }
        if (overshoot++ < settings.recipientOvershootLimit()) {
            forgiveReply = true;
        }
        return Optional.of(TOO_MANY_RECIPIENTS);
    }

    /** A new transaction (MAIL FROM): the overshoot count starts again. */
    public void transaction() {
        overshoot = 0;
    }

    /** A message was received: errors and junk so far are forgiven. */
    public void messageAccepted() {
        errors = 0;
        junk = 0;
    }

    /** The errors counted so far. */
    public int errors() {
        return errors;
    }

    /** The reply that ends a session at the hard error limit (after the reply that reached it). */
    public static Reply tooManyErrors(String myhostname) {
        return new Reply(421, "4.7.0", myhostname + " Error: too many errors");
    }

    /** What to do with one reply: wait {@code sleepMillis} first; end the session after it. */
    public record Outcome(long sleepMillis, boolean hangUp) {
    }
}
