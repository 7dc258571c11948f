package org.jamesfix.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.jamesfix.restriction.Reply;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Session scripts and what Postfix 3.7.11 did with them (observed on loopback with the default
 * limits: replies 1-10 of unknown commands immediate, 11-20 each 1 s late, the 20th followed by
 * "421 4.7.0 mail.example.com Error: too many errors"; RCPT 1001-1003 "452 4.5.3 Error: too many
 * recipients").
 */
class SessionLimitsTest {
    private static final LimitSettings POSTFIX = new LimitSettings(10, 20, Duration.ofSeconds(1), 100, 1000, 1000,
        50, 0, 0, Duration.ofSeconds(60));

    /** One script: commands with their reply codes; the outcome of the last reply. */
    record Case(String name, List<String> commands, int code, long sleepMillis, boolean hangUp, int errors) {
    }

    @TestFactory
    Stream<DynamicTest> repliesShouldSleepAndHangUpAsPostfixWhenErrorsAccumulate() {
        return Stream.of(
            new Case("tenth error replies at once", repeat("FOO 500", 10), 500, 0, false, 10),
            new Case("eleventh error waits the sleep time", repeat("FOO 500", 11), 500, 1000, false, 11),
            new Case("a 250 after ten errors waits too", concat(repeat("FOO 500", 10), List.of("NOOP 250")), 250, 1000, false, 10),
            new Case("twentieth error hangs up", repeat("FOO 500", 20), 500, 1000, true, 20),
            new Case("hundred junk commands are no error", repeat("NOOP 250", 101), 250, 0, false, 0),
            new Case("junk past the limit counts as errors", repeat("NOOP 250", 112), 250, 1000, false, 11),
            new Case("junk alone reaches the hard limit", repeat("RSET 250", 121), 250, 1000, true, 20),
            new Case("MAIL and RCPT are not junk", repeat("RCPT 250", 300), 250, 0, false, 0),
            new Case("a 4xx counts like a 5xx", repeat("RCPT 450", 20), 450, 1000, true, 20))
            .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                SessionLimits limits = new SessionLimits(POSTFIX);
                SessionLimits.Outcome outcome = null;
                for (String step : c.commands()) {
                    String[] parts = step.split(" ");
                    limits.command(parts[0]);
                    outcome = limits.replied(Integer.parseInt(parts[1]));
                }
                assertThat(outcome).isEqualTo(new SessionLimits.Outcome(c.sleepMillis(), c.hangUp()));
                assertThat(limits.errors()).isEqualTo(c.errors());
            }));
    }

    @Test
    void recipientShouldAnswer452WithoutCountingAnErrorWhenWithinTheOvershootLimit() {
        SessionLimits limits = new SessionLimits(POSTFIX);
        assertThat(limits.recipient(999)).isEmpty();
        assertThat(limits.recipient(1000)).contains(new Reply(452, "4.5.3", "Error: too many recipients"));
        assertThat(limits.replied(452).hangUp()).isFalse();
        assertThat(limits.errors()).isZero();
    }

    @Test
    void recipientShouldCountErrorsWhenTheOvershootLimitIsPassed() {
        SessionLimits limits = new SessionLimits(new LimitSettings(10, 20, Duration.ofSeconds(1), 100, 2, 1, 50, 0, 0,
            Duration.ofSeconds(60)));
        limits.recipient(2);
        limits.replied(452);
        limits.recipient(2);
        limits.replied(452);
        assertThat(limits.errors()).isEqualTo(1);
    }

    @Test
    void messageAcceptedShouldForgiveErrorsAndJunkWhenAMessageWasReceived() {
        SessionLimits limits = new SessionLimits(POSTFIX);
        for (int i = 0; i < 15; i++) {
            limits.command("FOO");
            limits.replied(500);
        }
        limits.messageAccepted();
        limits.command("NOOP");
        assertThat(limits.replied(250)).isEqualTo(new SessionLimits.Outcome(0, false));
    }

    @Test
    void tooManyErrorsShouldNameTheHostWhenBuilt() {
        assertThat(SessionLimits.tooManyErrors("mail.example.com").toString())
            .isEqualTo("421 4.7.0 mail.example.com Error: too many errors");
    }

    private static List<String> repeat(String step, int times) {
        return java.util.Collections.nCopies(times, step);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
