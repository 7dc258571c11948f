package org.jamesfix.table.regexp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One table pattern translated and compiled once at open: the Java pattern, whether it must
 * match at the start of the key (pcre flag A), its number of capturing groups (for the $n check)
 * and a literal every match contains, ASCII-folded ("" when none could be proven), for the
 * prefilter, and whether the text its groups capture may differ from Postfix's (a POSIX pattern
 * with alternation: glibc prefers longer alternatives, Java the first). Immutable.
 */
record CompiledPattern(Pattern pattern, boolean anchored, int groupCount, String requiredLiteral, boolean capturesMayDiffer) {

    /** A matcher over the key, with the key's read budget full again. */
    Matcher matcher(BoundedKey key) {
        return pattern.matcher(key.rearmed());
    }

    /**
     * Whether the pattern matches somewhere in the byte-string key (at its start when anchored);
     * throws {@link BoundedKey.MatchLimitExceeded} when the match runs out of budget.
     */
    boolean matches(Matcher matcher) {
        return anchored ? matcher.lookingAt() : matcher.find();
    }
}
