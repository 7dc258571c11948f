package org.jamesfix.table;

import java.util.Map;
import java.util.TreeMap;

import org.jamesfix.table.index.IndexedTableType;

/** The table types core provides, by Postfix type name. One line per type. */
final class StandardTableTypes {
    private StandardTableTypes() {
    }

    static Map<String, TableType> all() {
        Map<String, TableType> types = new TreeMap<>();
        types.put("btree", IndexedTableType.INSTANCE);
        types.put("cdb", IndexedTableType.INSTANCE);
        types.put("hash", IndexedTableType.INSTANCE);
        types.put("lmdb", IndexedTableType.INSTANCE);
        return types;
    }
}
