package org.jamesfix.table.simple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Origin;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;

/**
 * {@code unionmap:{type:name, ...}} (util/dict_union.c): asks every nested table and joins the
 * values found with ',' in table order; nothing found is "not found"; any nested failure fails the
 * whole lookup, even after hits. As Postfix, a comma goes in only once something non-empty was
 * collected, so empty values can leave "x," and a union of empty values is "not found".
 *
 * Nested specs are opened through the registry, in braces when they contain commas or spaces
 * ({@code unionmap:{inline:{a=1}, static:{x y}}}). Like Postfix, the FIRST nested table decides
 * whether this one matches whole strings only (dict_union copies its DICT_FLAG_PATTERN and
 * DICT_FLAG_FIXED): address lookups then derive partial keys, or not, as for that table.
 *
 * Errors at open: {@code bad syntax: "unionmap:..."; need "unionmap:{type:name...}"} (no braces,
 * empty list, an item without ':'), and whatever a nested spec's type throws.
 */
public final class UnionMapTable implements LookupTable {
    private final String spec;
    private final LookupTable[] tables;
    private final List<Path> sources;

    private UnionMapTable(String spec, List<LookupTable> tables) {
        this.spec = spec;
        this.tables = tables.toArray(LookupTable[]::new);
        this.sources = nestedSources(tables);
    }

    /** Opens {@code unionmap:{...}}. */
    public static LookupTable open(String spec, String name, TableRegistry registry) {
        return new UnionMapTable(spec, openNested(spec, name, "unionmap", registry));
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public LookupResult lookup(String key) {
        LookupResult.Found single = null;
        StringBuilder joined = null;
        for (LookupTable table : tables) {
            LookupResult result = table.lookup(key);
            if (result instanceof LookupResult.Found found) {
                if (single == null && joined == null) {
                    single = found; // one hit is returned as is: no allocation
                } else {
                    if (joined == null) {
                        joined = new StringBuilder(single.value());
                    }
                    if (joined.length() > 0) {
                        joined.append(',');
                    }
                    joined.append(found.value());
                }
            } else if (result instanceof LookupResult.Failed) {
                return result;
            }
        }
        if (joined != null) {
            return joined.length() == 0 ? LookupResult.notFound() : LookupResult.found(joined.toString());
        }
        return single == null || single.value().isEmpty() ? LookupResult.notFound() : single;
    }

    @Override
    public boolean matchesWholeStringOnly() {
        return tables[0].matchesWholeStringOnly();
    }

    @Override
    public List<Path> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return spec;
    }

    /** The nested tables of a unionmap: or pipemap: name, opened in order. */
    static List<LookupTable> openNested(String spec, String name, String type, TableRegistry registry) {
        HashTable.requireName(spec, name);
        ConfigException syntax = new ConfigException(Origin.of(spec),
            "bad syntax: \"" + spec + "\"; need \"" + type + ":{type:name...}\"");
        String inside = BraceSyntax.inside(name).filter(text -> !text.isEmpty()).orElseThrow(() -> syntax);
        List<String> specs = BraceSyntax.items(inside);
        if (specs.isEmpty() || specs.stream().anyMatch(nested -> nested.indexOf(':') < 0)) {
            throw syntax;
        }
        List<LookupTable> tables = new ArrayList<>(specs.size());
        for (String nested : specs) {
            tables.add(registry.open(nested));
        }
        return tables;
    }

    /** Every nested table's sources, each once, in table order. */
    static List<Path> nestedSources(List<LookupTable> tables) {
        Set<Path> all = new LinkedHashSet<>();
        tables.forEach(table -> all.addAll(table.sources()));
        return List.copyOf(all);
    }
}
