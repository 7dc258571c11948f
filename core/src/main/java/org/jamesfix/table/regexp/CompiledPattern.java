package org.jamesfix.table.regexp;

import java.util.regex.Pattern;

/**
 * One table pattern translated and compiled once at open: the Java pattern, whether it must
 * match at the start of the key (pcre flag A), its number of capturing groups (for the $n check)
 * and a literal every match contains, ASCII-folded ("" when none could be proven), for the
 * prefilter, and whether the text its groups capture may differ from Postfix's (a POSIX pattern
 * with alternation: glibc prefers longer alternatives, Java the first). Immutable.
 */
record CompiledPattern(Pattern pattern, boolean anchored, int groupCount, String requiredLiteral, boolean capturesMayDiffer) {

    /** Whether the pattern matches somewhere in the byte-string key (at its start when anchored). */
    boolean matches(java.util.regex.Matcher matcher) {
        return anchored ? matcher.lookingAt() : matcher.find();
    }
}
