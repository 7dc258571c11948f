package org.jamesfix.table.simple;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Origin;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;

/**
 * {@code static:value} and {@code static:{ value with spaces }} (util/dict_static.c): every key,
 * the empty one included, finds the value. Without braces the name is the value as written
 * (braces elsewhere in it are ordinary text); with a leading '{' the name must be one balanced
 * group, whose inside is trimmed. The one Found is built at open, so lookups allocate nothing.
 *
 * Errors: {@code bad static:name syntax: missing '}' in "{x"} and
 * {@code ... syntax error after '}' in "{x}y"}, as Postfix. DEVIATION: {@code static:{}} is
 * refused ({@code empty string result is not allowed}); Postfix opens it and then fails every
 * lookup.
 */
public final class StaticTable implements LookupTable {
    private final String spec;
    private final LookupResult result;

    private StaticTable(String spec, String value) {
        this.spec = spec;
        this.result = LookupResult.found(value);
    }

    /** Opens {@code static:NAME}. */
    public static LookupTable open(String spec, String name, TableRegistry registry) {
        HashTable.requireName(spec, name);
        String value = name;
        if (name.charAt(0) == '{') {
            BraceSyntax.Unwrapped unwrapped = BraceSyntax.unwrap(name);
            if (!unwrapped.ok()) {
                throw new ConfigException(Origin.of(spec), "bad static:name syntax: " + unwrapped.error());
            }
            value = unwrapped.text();
        }
        if (value.isEmpty()) {
            throw new ConfigException(Origin.of(spec), "empty string result is not allowed");
        }
        return new StaticTable(spec, value);
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public LookupResult lookup(String key) {
        return result;
    }

    @Override
    public String toString() {
        return spec;
    }
}
