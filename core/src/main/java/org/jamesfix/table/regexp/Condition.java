package org.jamesfix.table.regexp;

/**
 * One "/pattern/flags" or "!/pattern/flags" test, with the prefilter id of its required literal
 * (-1 when it has none). Immutable.
 */
record Condition(CompiledPattern pattern, boolean wanted, int literalId) {

    /** Whether the test holds for {@code key} (a byte string), given the literals present in it. */
    boolean holds(BoundedKey key, long[] present) {
        if (excluded(present)) {
            return !wanted;
        }
        return pattern.matches(pattern.matcher(key)) == wanted;
    }

    /** True when the prefilter proves the pattern cannot match {@code key}. */
    boolean excluded(long[] present) {
        return literalId >= 0 && (present[literalId >>> 6] & (1L << literalId)) == 0;
    }

    /** The same test without its prefilter id (the naive scan used to check the prefilter). */
    Condition withoutPrefilter() {
        return new Condition(pattern, wanted, -1);
    }
}
