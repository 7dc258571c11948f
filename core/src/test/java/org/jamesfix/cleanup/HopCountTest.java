package org.jamesfix.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.jamesfix.restriction.Reply;
import org.junit.jupiter.api.Test;

/**
 * hopcount_limit as observed on Postfix 3.7.11 (default 50): 48 client Received: headers plus the
 * server's own are accepted, 49 plus its own get "554 5.4.0 Error: too many hops"; 20 Received:
 * and 30 Delivered-To: headers are accepted (Delivered-To does not count).
 */
class HopCountTest {
    private final HopCount hops = new HopCount(50);

    // {client Received headers, Delivered-To headers, refused}, the server's own Received: added.
    private static final int[][] CASES = {
        {0, 0, 0}, {31, 0, 0}, {48, 0, 0}, {49, 0, 1}, {50, 0, 1}, {20, 29, 0}, {20, 30, 0},
    };

    @Test
    void checkShouldRefuseAtTheLimitCountingOwnReceivedHeaderAndNotDeliveredTo() {
        for (int[] c : CASES) {
            List<String> names = new ArrayList<>(Collections.nCopies(c[0] + 1, "Received"));
            names.addAll(Collections.nCopies(c[1], "Delivered-To"));
            names.add("Subject");
            Optional<Reply> reply = hops.check(names);
            assertThat(reply).as("%d Received, %d Delivered-To", c[0], c[1]).isEqualTo(
                c[2] == 1 ? Optional.of(new Reply(554, "5.4.0", "Error: too many hops")) : Optional.empty());
        }
    }

    @Test
    void checkShouldMatchHeaderNamesCaseInsensitively() {
        assertThat(new HopCount(2).check(List.of("received", "RECEIVED"))).contains(HopCount.TOO_MANY_HOPS);
        assertThat(new HopCount(2).check(List.of("Received", "X-Received"))).isEmpty();
    }

    @Test
    void logLineShouldBeCleanupsWarning() {
        assertThat(HopCount.logLine("4F1A2B")).isEqualTo("warning: 4F1A2B: message rejected: hopcount exceeded");
    }
}
