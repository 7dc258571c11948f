package org.jamesfix.table.regexp;

/**
 * A lookup key as java.util.regex reads it, with a budget of character reads per match: our
 * analogue of PCRE's match limit. A pattern that backtracks without end on a key the client
 * chose ({@code /^(a+)+$/} against "aaaa...a!") runs out of budget and throws
 * {@link MatchLimitExceeded}; the table answers that as a failed lookup, so the client gets a
 * temporary error and the thread is free again.
 *
 * Limits: the budget counts reads, not PCRE's backtracking steps; {@link #MATCH_LIMIT} reads take
 * tens of milliseconds, and an honest pattern reads a key of a few hundred bytes a few thousand
 * times at most. One per lookup, reused for every rule; not thread-safe.
 */
final class BoundedKey implements CharSequence {
    /** Reads allowed per match: the number PCRE uses as its default match limit. */
    static final int MATCH_LIMIT = 10_000_000;

    private final String text;
    private final int limit;
    private int left;

    BoundedKey(String text, int limit) {
        this.text = text;
        this.limit = limit;
        this.left = limit;
    }

    /** This key with a full budget: every match gets its own, as every pcre2_match call does. */
    BoundedKey rearmed() {
        left = limit;
        return this;
    }

    @Override
    public char charAt(int index) {
        if (--left < 0) {
            throw MatchLimitExceeded.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    // Group text for $n: read once after the match, not part of the budget.
    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    /** A match that used up its budget. Shared and stackless: it is thrown per runaway lookup. */
    static final class MatchLimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final MatchLimitExceeded INSTANCE = new MatchLimitExceeded();

        private MatchLimitExceeded() {
            super("match limit exceeded", null, false, false);
        }
    }
}
