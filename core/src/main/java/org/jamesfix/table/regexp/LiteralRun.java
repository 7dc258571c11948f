package org.jamesfix.table.regexp;

/**
 * Collects, while a translator walks the top level of a pattern, the longest run of literal
 * characters that every match must contain. Exactness rests on three rules: only characters at
 * nesting depth 0 count; any top-level alternation discards everything; a character followed by
 * any quantifier is dropped and ends the run (even "+", which keeps stacked quantifiers such as
 * "a+*" exact). Literals are ASCII-folded, and the prefilter folds keys the same way, so a
 * case-insensitive rule is never skipped wrongly.
 */
final class LiteralRun {
    private final StringBuilder current = new StringBuilder();
    private String best = "";
    private boolean pending;
    private boolean alternation;

    /** A literal character atom at the top level (it may still get a quantifier). */
    void literal(char c) {
        settle();
        current.append(ByteText.fold(c));
        pending = true;
    }

    /** Any other atom or an anchor at the top level, or anything nested: ends the run. */
    void breakRun() {
        settle();
        close();
    }

    /** A quantifier (or a quantifier suffix) after the last atom. */
    void quantifier() {
        if (pending) {
            pending = false;
            current.setLength(current.length() - 1);
        }
        close();
    }

    /** A '|' at the top level: no literal is required by every alternative. */
    void topLevelAlternation() {
        alternation = true;
    }

    /** The longest required literal, or "" when none is proven. */
    String result() {
        settle();
        close();
        return alternation ? "" : best;
    }

    private void settle() {
        pending = false;
    }

    private void close() {
        if (current.length() > best.length()) {
            best = current.toString();
        }
        current.setLength(0);
    }
}
