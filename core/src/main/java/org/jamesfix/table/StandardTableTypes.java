package org.jamesfix.table;

import java.util.Map;
import java.util.TreeMap;

/** The table types core provides, by Postfix type name. One line per type. */
final class StandardTableTypes {
    private StandardTableTypes() {
    }

    static Map<String, TableType> all() {
        Map<String, TableType> types = new TreeMap<>();
        types.put("pcre", org.jamesfix.table.regexp.PatternTableType.pcre());
        types.put("regexp", org.jamesfix.table.regexp.PatternTableType.regexp());
        return types;
    }
}
