package org.jamesfix.table;

import java.util.Map;
import java.util.TreeMap;

/** The table types core provides, by Postfix type name. One line per type. */
final class StandardTableTypes {
    private StandardTableTypes() {
    }

    static Map<String, TableType> all() {
        Map<String, TableType> types = new TreeMap<>();
        return types;
    }
}
