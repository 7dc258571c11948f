package org.jamesfix.table;

import java.util.List;

/**
 * A list of tables searched in order (Postfix's global/maps.c): the first table that finds the
 * key answers; a table that fails stops the search with that failure, so mail defers rather than
 * falling through to a later, possibly wrong, answer.
 */
public final class TableList {
    private static final TableList EMPTY = new TableList(List.of());

    private final List<LookupTable> tables;

    public TableList(List<LookupTable> tables) {
        this.tables = List.copyOf(tables);
    }

    public static TableList empty() {
        return EMPTY;
    }

    /** The first table's answer that is not "not found". */
    public LookupResult lookup(String key) {
        for (int i = 0; i < tables.size(); i++) {
            LookupResult result = tables.get(i).lookup(key);
            if (!(result instanceof LookupResult.NotFound)) {
                return result;
            }
        }
        return LookupResult.notFound();
    }

    public List<LookupTable> tables() {
        return tables;
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }
}
