package org.jamesfix.table;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One lookup table, opened from Postfix's {@code type:name} spec by {@link TableRegistry}. All
 * expensive work (parsing, compiling patterns, opening indexes) happens when it is opened; after
 * that it never changes, so one instance serves every thread. Hot reload replaces the instance.
 *
 * Keys arrive as the caller derived them (see org.jamesfix.address for the address forms);
 * case folding is the table's business, as in Postfix (most types fold keys to lower case).
 */
public interface LookupTable {

    /** The spec as written, e.g. {@code hash:/etc/jamesfix/virtual}; used in logs and errors. */
    String spec();

    /** Looks up one key: never null, never throws for a key that is absent. */
    LookupResult lookup(String key);

    /**
     * True for Postfix's pattern tables (regexp, pcre, cidr), which see only the whole search
     * string: address lookups then skip the partial forms (user@, @domain ...).
     */
    default boolean matchesWholeStringOnly() {
        return false;
    }

    /** Files whose change means this table must be opened again (hot reload watches them). */
    default List<Path> sources() {
        return List.of();
    }

    /** A table that answers with a function (tables backed by a service, test doubles). */
    static LookupTable of(String spec, Function<String, LookupResult> lookup) {
        return new FunctionTable(spec, lookup);
    }

    /** {@link #of}'s table. */
    record FunctionTable(String spec, Function<String, LookupResult> function) implements LookupTable {
        @Override
        public LookupResult lookup(String key) {
            return function.apply(key);
        }
    }
}
