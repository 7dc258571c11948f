package org.jamesfix.table;

import java.util.function.BiConsumer;

/**
 * A table that can list its entries, for {@code postmap -s} (Postfix's sequence operation).
 * Pattern and computed types (regexp, cidr, static, james:) cannot.
 */
public interface SequenceableTable extends LookupTable {

    /** Every key and value, in the table's own order. */
    void forEach(BiConsumer<String, String> action);
}
