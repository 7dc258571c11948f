package org.jamesfix.table;

/**
 * Opens tables of one type (the part before the colon of {@code type:name}). One implementation
 * per type, registered by name in {@link TableRegistry}.
 *
 * Errors: a table that cannot be opened throws {@link org.jamesfix.config.ConfigException}
 * naming the file, line and problem (or the spec, when the problem is not in a file).
 */
@FunctionalInterface
public interface TableType {

    /**
     * Opens {@code name} (the part after the colon: a file name, or {@code {...}} text for
     * inline-style types). {@code registry} opens nested specs (unionmap, pipemap) and resolves
     * relative file names.
     */
    LookupTable open(String spec, String name, TableRegistry registry);
}
