package org.jamesfix.table;

import java.util.Map;
import java.util.TreeMap;

import org.jamesfix.table.cidr.CidrTable;
import org.jamesfix.table.index.IndexedTableType;
import org.jamesfix.table.regexp.PatternTableType;
import org.jamesfix.table.simple.HashTable;
import org.jamesfix.table.simple.PipeMapTable;
import org.jamesfix.table.simple.StaticTable;
import org.jamesfix.table.simple.UnionMapTable;

/** The table types core provides, by Postfix type name. One line per type. */
final class StandardTableTypes {
    private StandardTableTypes() {
    }

    static Map<String, TableType> all() {
        Map<String, TableType> types = new TreeMap<>();
        types.put("texthash", HashTable::openTexthash);
        types.put("inline", HashTable::openInline);
        types.put("static", StaticTable::open);
        types.put("unionmap", UnionMapTable::open);
        types.put("pipemap", PipeMapTable::open);
        types.put("cidr", CidrTable::open);
        types.put("regexp", PatternTableType.regexp());
        types.put("pcre", PatternTableType.pcre());
        types.put("btree", IndexedTableType.INSTANCE);
        types.put("cdb", IndexedTableType.INSTANCE);
        types.put("hash", IndexedTableType.INSTANCE);
        types.put("lmdb", IndexedTableType.INSTANCE);
        return types;
    }
}
