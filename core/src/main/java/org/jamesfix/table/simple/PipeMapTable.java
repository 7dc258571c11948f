package org.jamesfix.table.simple;

import java.nio.file.Path;
import java.util.List;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;

/**
 * {@code pipemap:{type:name, ...}} (util/dict_pipe.c): the key goes to the first nested table,
 * each value found becomes the key for the next, and the last table's value is the answer. The
 * first table that does not find its key ends the lookup with "not found", and the first failure
 * with that failure. An empty intermediate value is passed on as an empty key (as Postfix).
 *
 * Nested specs, errors and matchesWholeStringOnly (decided by the first table) are as for
 * {@link UnionMapTable}, with "pipemap" in the messages.
 */
public final class PipeMapTable implements LookupTable {
    private final String spec;
    private final LookupTable[] tables;
    private final List<Path> sources;

    private PipeMapTable(String spec, List<LookupTable> tables) {
        this.spec = spec;
        this.tables = tables.toArray(LookupTable[]::new);
        this.sources = UnionMapTable.nestedSources(tables);
    }

    /** Opens {@code pipemap:{...}}. */
    public static LookupTable open(String spec, String name, TableRegistry registry) {
        return new PipeMapTable(spec, UnionMapTable.openNested(spec, name, "pipemap", registry));
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public LookupResult lookup(String key) {
        LookupResult result = LookupResult.notFound();
        String query = key;
        for (LookupTable table : tables) {
            result = table.lookup(query);
            if (!(result instanceof LookupResult.Found found)) {
                return result;
            }
            query = found.value();
        }
        return result;
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
}
