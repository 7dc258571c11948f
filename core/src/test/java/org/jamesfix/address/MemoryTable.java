package org.jamesfix.address;

import java.util.Map;
import java.util.function.Consumer;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;

/**
 * A Map-backed table for tests. {@code wholeStringOnly} makes it stand for a regexp/pcre table
 * (asked only whole addresses, matched exactly here). A key whose value is {@code !FAIL} makes the
 * lookup of that key fail; an entry {@code !ALL} (any value) makes every other lookup fail.
 * Every lookup is reported to {@code trace} as "name key", so tests see the search order.
 */
record MemoryTable(String name, Map<String, String> entries, boolean wholeStringOnly, Consumer<String> trace) implements LookupTable {
    static final String FAIL = "!FAIL";

    MemoryTable {
        entries = Map.copyOf(entries);
    }

    /** A fixed-string table that does not report its lookups. */
    static MemoryTable of(String name, Map<String, String> entries) {
        return new MemoryTable(name, entries, false, key -> {
        });
    }

    @Override
    public String spec() {
        return (wholeStringOnly ? "regexp:" : "hash:") + name;
    }

    @Override
    public LookupResult lookup(String key) {
        trace.accept(name + " " + key);
        String value = entries.get(key);
        if (FAIL.equals(value) || (value == null && entries.containsKey("!ALL"))) {
            return LookupResult.failed(name + ": lookup of " + key + " failed");
        }
        return value == null ? LookupResult.notFound() : LookupResult.found(value);
    }

    @Override
    public boolean matchesWholeStringOnly() {
        return wholeStringOnly;
    }
}
