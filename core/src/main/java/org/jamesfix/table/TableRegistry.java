package org.jamesfix.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Origin;

/**
 * Opens tables from Postfix's {@code type:name} specs (util/dict_open.c's role): one
 * {@link TableType} per type name. Relative file names are resolved against the configuration
 * directory. Immutable; {@link #with} adds a type (the James adapter adds {@code james:}).
 *
 * Errors: a spec without a colon, or an unknown type, throws {@link ConfigException} with
 * Postfix's wording.
 */
public final class TableRegistry {
    private final Map<String, TableType> types;
    private final Path configDirectory;

    private TableRegistry(Map<String, TableType> types, Path configDirectory) {
        this.types = Map.copyOf(types);
        this.configDirectory = configDirectory;
    }

    /** Every table type core knows, resolving relative names against {@code configDirectory}. */
    public static TableRegistry standard(Path configDirectory) {
        return new TableRegistry(StandardTableTypes.all(), configDirectory);
    }

    /** A registry with exactly these types (tests, tools). */
    public static TableRegistry of(Map<String, TableType> types, Path configDirectory) {
        return new TableRegistry(types, configDirectory);
    }

    /** This registry plus one more type (replacing one of the same name). */
    public TableRegistry with(String typeName, TableType type) {
        Map<String, TableType> more = new TreeMap<>(types);
        more.put(typeName, type);
        return new TableRegistry(more, configDirectory);
    }

    /**
     * True when a list element is a {@code type:name} spec: a letter-led type name of letters,
     * digits, '_' or '-' before the colon. "[::1]/128" and "2001:db8::/32" are not.
     */
    public static boolean isSpec(String element) {
        int colon = element.indexOf(':');
        if (colon <= 0 || !Character.isLetter(element.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = element.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Opens one {@code type:name} spec. */
    public LookupTable open(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new ConfigException(Origin.of(spec), "open dictionary: expecting \"type:name\" form instead of \"" + spec + "\"");
        }
        String typeName = spec.substring(0, colon);
        TableType type = types.get(typeName);
        if (type == null) {
            throw new ConfigException(Origin.of(spec), "unsupported dictionary type: " + typeName);
        }
        return type.open(spec, spec.substring(colon + 1), this);
    }

    /** Opens a list of specs searched in order, as Postfix's maps do. */
    public TableList openList(List<String> specs) {
        List<LookupTable> tables = new ArrayList<>(specs.size());
        for (String spec : specs) {
            tables.add(open(spec));
        }
        return new TableList(tables);
    }

    /** A table file name as written in a spec, made absolute against the configuration directory. */
    public Path resolve(String fileName) {
        return configDirectory.resolve(fileName);
    }

    public Path configDirectory() {
        return configDirectory;
    }

    public SortedSet<String> typeNames() {
        return new TreeSet<>(types.keySet());
    }
}
