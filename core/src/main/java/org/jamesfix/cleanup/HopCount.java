package org.jamesfix.cleanup;

import java.util.Locale;
import java.util.Optional;

import org.jamesfix.config.Parameters;
import org.jamesfix.restriction.Reply;

/**
 * cleanup(8)'s mail loop guard, hopcount_limit: a message whose primary headers hold
 * hopcount_limit or more Received: headers, the receiving server's own included, is refused at
 * the end of DATA with "554 5.4.0 Error: too many hops" and logged as
 * "warning: QUEUEID: message rejected: hopcount exceeded" (Postfix 3.7.11). Delivered-To: headers do
 * not count (Postfix's local delivery uses them for its own loop check). Refusing the message
 * instead of bouncing it keeps a forged sender from receiving its text. Immutable.
 */
public final class HopCount {
    public static final Reply TOO_MANY_HOPS = new Reply(554, "5.4.0", "Error: too many hops");
    private final int limit;

    public HopCount(int limit) {
        this.limit = limit;
    }

    /** hopcount_limit from main.cf. */
    public static HopCount of(Parameters parameters) {
        return new HopCount(parameters.getInt("hopcount_limit"));
    }

    /** The refusal for a message with these primary header names (own Received: included), if any. */
    public Optional<Reply> check(Iterable<String> headerNames) {
        int received = 0;
        for (String name : headerNames) {
            if (name.trim().toLowerCase(Locale.ROOT).equals("received")) {
                received++;
            }
        }
        return isExceeded(received) ? Optional.of(TOO_MANY_HOPS) : Optional.empty();
    }

    /** Whether this many Received: headers (own included) is a loop. */
    public boolean isExceeded(int receivedHeaders) {
        return receivedHeaders >= limit;
    }

    /** The mail log line, without Postfix's "postfix/cleanup[pid]: " prefix. */
    public static String logLine(String queueId) {
        return "warning: " + queueId + ": message rejected: hopcount exceeded";
    }
}
