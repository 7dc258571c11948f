package org.jamesfix.table.index;

import java.util.Set;

import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.TableType;

/**
 * Opens Postfix's indexed types, hash:, btree:, lmdb: and cdb:, all as {@link IndexedTable}
 * with hash semantics: exact keys, folded to lower case. The name is the source file; the index
 * postmap compiled beside it is what is read.
 */
public final class IndexedTableType implements TableType {
    /** The type names served here; postmap compiles only these. */
    public static final Set<String> NAMES = Set.of("hash", "btree", "lmdb", "cdb");

    public static final IndexedTableType INSTANCE = new IndexedTableType();

    private IndexedTableType() {
    }

    @Override
    public LookupTable open(String spec, String name, TableRegistry registry) {
        return IndexedTable.open(spec, registry.resolve(name), true);
    }
}
