package org.jamesfix.restriction;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one stage's restrictions, for the SMTP adapter: whether the command is refused
 * (with the exact reply: code, enhanced code, text), the accepting actions to carry with the
 * message, and the log lines Postfix would write (NOQUEUE reject / warn / info / hold ...
 * lines and configuration warnings). Immutable.
 *
 * @param outcome PERMIT (a list said OK), DUNNO (no list decided) or REJECT (reply present)
 * @param reply the 4xx/5xx reply when rejected
 * @param actions HOLD, DISCARD, REDIRECT, FILTER, PREPEND, BCC found while checking (kept when rejected
 *        too, as Postfix keeps them for the transaction; the adapter applies them only to accepted mail)
 * @param logLines lines to log, in order, without syslog prefix
 * @param pendingDefer a defer_if_permit reason the adapter passes on in {@link SessionFacts#pendingDefer()}
 *        to later stages when smtpd_delay_reject = no
 */
public record Decision(Outcome outcome, Optional<Reply> reply, List<AcceptAction> actions, List<String> logLines,
        Optional<Reply> pendingDefer) {

    /** How the stage ended. */
    public enum Outcome {
        PERMIT, DUNNO, REJECT
    }

    public Decision {
        actions = List.copyOf(actions);
        logLines = List.copyOf(logLines);
        if ((outcome == Outcome.REJECT) != reply.isPresent()) {
            throw new IllegalArgumentException("a reply goes with REJECT only");
        }
    }

    /** Nothing to say: the command is accepted. */
    public static Decision dunno() {
        return new Decision(Outcome.DUNNO, Optional.empty(), List.of(), List.of(), Optional.empty());
    }

    /** True when the command must be refused with {@link #reply()}. */
    public boolean isRejected() {
        return outcome == Outcome.REJECT;
    }
}
