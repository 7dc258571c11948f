package org.jamesfix.table;

/**
 * The three answers a lookup can give, as Postfix distinguishes them: found (with the value),
 * not found, and failed (the table could not answer: callers turn that into "try again later",
 * never into "not found"). Found values of static tables are built once at open, so a hit on
 * them allocates nothing.
 */
public sealed interface LookupResult permits LookupResult.Found, LookupResult.NotFound, LookupResult.Failed {

    /** The key is in the table. */
    record Found(String value) implements LookupResult {
    }

    /** The key is not in the table. */
    enum NotFound implements LookupResult {
        INSTANCE
    }

    /** The table could not answer (I/O error, expansion limit ...): defer, do not guess. */
    record Failed(String reason) implements LookupResult {
    }

    static LookupResult notFound() {
        return NotFound.INSTANCE;
    }

    static LookupResult found(String value) {
        return new Found(value);
    }

    static LookupResult failed(String reason) {
        return new Failed(reason);
    }

    default boolean isFound() {
        return this instanceof Found;
    }
}
