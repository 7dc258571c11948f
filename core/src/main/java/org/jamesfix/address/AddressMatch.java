package org.jamesfix.address;

import org.jamesfix.table.LookupTable;

/**
 * The answer of an address search ({@link AddressLookup#find}): found (which key, of which form,
 * in which table, the value, and the extension the key left unmatched), not found, or failed
 * (a table or the local-domain test could not answer: callers defer, never fall through).
 */
public sealed interface AddressMatch permits AddressMatch.Found, AddressMatch.NotFound, AddressMatch.Failed {

    /**
     * A table answered {@code value} for {@code key}.
     *
     * @param unmatchedExtension the extension (delimiter included, e.g. {@code +list}) that was
     *        stripped to make {@code key} match; "" when the key kept it or there was none
     */
    record Found(String key, KeyForm form, LookupTable table, String value, String unmatchedExtension) implements AddressMatch {
    }

    /** No key matched in any table. */
    enum NotFound implements AddressMatch {
        INSTANCE
    }

    /**
     * The search stopped: {@code source} (a table spec, or "local domain test") could not answer
     * for {@code key}.
     */
    record Failed(String key, String source, String reason) implements AddressMatch {
    }

    default boolean isFound() {
        return this instanceof Found;
    }

    default boolean isFailed() {
        return this instanceof Failed;
    }
}
