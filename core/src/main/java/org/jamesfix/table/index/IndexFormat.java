package org.jamesfix.table.index;

/**
 * The index's fields and commit data, shared by {@link IndexCompiler} and {@link IndexedTable}.
 * One document per entry, in source file order: the key as an exact term (no analysis, no norms,
 * document ids only) and the value as binary doc values (uncompressed, read in place from the
 * memory map). The commit records the format, the source's identity when it was read, and
 * whether keys were folded.
 */
final class IndexFormat {
    static final String KEY_FIELD = "k";
    static final String VALUE_FIELD = "v";

    static final String FORMAT = "jamesfix.format";
    static final String FORMAT_VERSION = "1";
    static final String SOURCE_MTIME = "jamesfix.source.mtime";
    static final String SOURCE_SIZE = "jamesfix.source.size";
    static final String ENTRIES = "jamesfix.entries";
    static final String FOLDED = "jamesfix.folded";

    private IndexFormat() {
    }
}
