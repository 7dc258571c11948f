package org.jamesfix.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.SequenceableTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.index.IndexCompiler;
import org.jamesfix.table.index.IndexedTable;
import org.jamesfix.table.index.IndexedTableType;

/**
 * postmap(1) for Jamesfix, with Postfix 3.7's interface: {@code postmap [-f] [-w] [type:]file...}
 * compiles each source into its Lucene index (types hash, btree, lmdb, cdb; no type means hash,
 * Postfix's default_database_type); {@code -q key maps...} prints the first map's value for key;
 * {@code -q - maps...} reads keys from standard input and prints {@code key<TAB>value} for each
 * found; {@code -s map} prints every entry. {@code -f} turns off key folding for compile and
 * query; {@code -w} drops duplicate-key warnings; {@code -c dir} must hold main.cf, as in Postfix;
 * {@code -v} is accepted. Relative file names are relative to the working directory, as Postfix's.
 * Queries open any type {@link TableRegistry#standard} knows.
 *
 * Exit status as Postfix: 0 done or found; 1 not found; 1 with "postmap: fatal: ..." for a missing
 * file, a missing or stale index, an unknown type, a source error and bad usage.
 * Limits: no -b -d -F -h -i -m -n -N -o -p -r -u -U (fatal "option -X is not supported");
 * -s works for the indexed types only.
 */
public final class Postmap {
    static final String USAGE = "usage: postmap [-bfFhimnNoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file...";
    private static final String DEFAULT_TYPE = "hash";
    private static final String POSTFIX_OPTIONS = "bdFhimnNopruU";

    private Postmap() {
    }

    public static void main(String[] args) {
        System.out.flush();
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs postmap; returns the exit status. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, TableRegistry.standard(Path.of("")));
    }

    /** Runs postmap with the given table types (tests); returns the exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, TableRegistry registry) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println("postmap: " + e.getMessage());
            return 1;
        }
        try {
            if (options.configDir != null && !Files.isRegularFile(Path.of(options.configDir, "main.cf"))) {
                throw new ConfigException("open " + Path.of(options.configDir, "main.cf"), 0, "No such file or directory");
            }
            if (options.sequence) {
                return options.maps.isEmpty() ? 1 : dump(options, registry, options.maps.get(0), out);
            }
            if (options.query != null) {
                return options.query.equals("-") ? queryStdin(options, registry, in, out) : query(options, registry, out);
            }
            for (String map : options.maps) {
                compile(options, registry, map, err);
            }
            return 0;
        } catch (ConfigException e) {
            out.flush();
            err.println("postmap: fatal: " + e.getMessage());
            return 1;
        }
    }

    /** postmap type:file: builds the index, or says why this type has none. */
    private static void compile(Options options, TableRegistry registry, String map, PrintStream err) {
        Spec spec = Spec.of(map);
        if (!IndexedTableType.NAMES.contains(spec.type)) {
            if (registry.typeNames().contains(spec.type)) {
                throw new ConfigException("unsupported dictionary type", 0, spec.type + " does not support bulk-mode creation.");
            }
            throw unsupported(spec.type);
        }
        IndexCompiler.Compiled compiled = IndexCompiler.compile(registry.resolve(spec.name), !options.noFold);
        if (!options.noWarnDuplicates) {
            compiled.warnings().forEach(warning -> err.println("postmap: warning: " + warning));
        }
    }

    /** postmap -q key: the first map that has the key answers; maps open only when reached. */
    private static int query(Options options, TableRegistry registry, PrintStream out) {
        for (String map : options.maps) {
            LookupTable table = open(options, registry, map);
            LookupResult result = table.lookup(options.query);
            if (result instanceof LookupResult.Found found) {
                out.println(found.value());
                return 0;
            }
            if (result instanceof LookupResult.Failed failed) {
                throw queryError(table, failed);
            }
        }
        return 1;
    }

    /** postmap -q -: keys from standard input, "key<TAB>value" for each found. */
    private static int queryStdin(Options options, TableRegistry registry, InputStream in, PrintStream out) {
        List<LookupTable> tables = new ArrayList<>();
        for (String map : options.maps) {
            tables.add(open(options, registry, map));
        }
        boolean anyFound = false;
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String key = reader.readLine(); key != null; key = reader.readLine()) {
                for (LookupTable table : tables) {
                    LookupResult result = table.lookup(key);
                    if (result instanceof LookupResult.Found found) {
                        out.println(key + "\t" + found.value());
                        anyFound = true;
                        break;
                    }
                    if (result instanceof LookupResult.Failed failed) {
                        throw queryError(table, failed);
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigException("standard input", 0, "read error: " + e.getMessage());
        }
        return anyFound ? 0 : 1;
    }

    /** postmap -s map: every entry of the first map, in source order. */
    private static int dump(Options options, TableRegistry registry, String map, PrintStream out) {
        LookupTable table = open(options, registry, map);
        if (!(table instanceof SequenceableTable sequenceable)) {
            throw new ConfigException("table " + map, 0, "sequence operation is not supported");
        }
        sequenceable.forEach((key, value) -> out.println(key + "\t" + value));
        return 0;
    }

    /** Opens one map for queries; -f opens indexed maps without key folding. */
    private static LookupTable open(Options options, TableRegistry registry, String map) {
        Spec spec = Spec.of(map);
        if (!registry.typeNames().contains(spec.type)) {
            throw unsupported(spec.type);
        }
        if (options.noFold && IndexedTableType.NAMES.contains(spec.type)) {
            return IndexedTable.open(spec.full(), registry.resolve(spec.name), false);
        }
        return registry.open(spec.full());
    }

    private static ConfigException unsupported(String type) {
        return new ConfigException("unsupported dictionary type", 0, type);
    }

    private static ConfigException queryError(LookupTable table, LookupResult.Failed failed) {
        return new ConfigException("table " + table.spec(), 0, "query error: " + failed.reason());
    }

    /** A map argument: {@code type:name}, or a bare name of the default type. */
    private record Spec(String type, String name) {
        static Spec of(String map) {
            int colon = map.indexOf(':');
            return colon < 0 ? new Spec(DEFAULT_TYPE, map) : new Spec(map.substring(0, colon), map.substring(colon + 1));
        }

        String full() {
            return type + ":" + name;
        }
    }

    /** A command line Postfix would refuse; the message follows "postmap: ". */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Parsed command line (getopt: flags may be combined; options stop at the first map). */
    private static final class Options {
        String configDir;
        String query;
        boolean sequence;
        boolean noFold;
        boolean noWarnDuplicates;
        List<String> maps = List.of();

        static Options parse(String[] args) throws UsageException {
            Options options = new Options();
            int i = 0;
            for (; i < args.length && args[i].startsWith("-") && args[i].length() > 1; i++) {
                if (args[i].equals("--")) {
                    i++;
                    break;
                }
                for (int j = 1; j < args[i].length(); j++) {
                    char flag = args[i].charAt(j);
                    switch (flag) {
                        case 'f' -> options.noFold = true;
                        case 'w' -> options.noWarnDuplicates = true;
                        case 'v' -> {
                            // Verbose logging: accepted, nothing more to say.
                        }
                        case 's' -> {
                            if (options.query != null) {
                                throw new UsageException("fatal: specify only one of -s or -q or -d");
                            }
                            options.sequence = true;
                        }
                        case 'c', 'q' -> {
                            String value = j + 1 < args[i].length() ? args[i].substring(j + 1) : argument(args, ++i, flag);
                            j = args[i].length();
                            if (flag == 'c') {
                                options.configDir = value;
                            } else if (options.query != null || options.sequence) {
                                throw new UsageException("fatal: specify only one of -s -q or -d");
                            } else {
                                options.query = value;
                            }
                        }
                        default -> {
                            if (POSTFIX_OPTIONS.indexOf(flag) >= 0) {
                                throw new UsageException("fatal: option -" + flag + " is not supported by Jamesfix");
                            }
                            throw new UsageException("invalid option -- '" + flag + "'" + System.lineSeparator()
                                + "postmap: fatal: " + USAGE);
                        }
                    }
                }
            }
            options.maps = List.of(args).subList(i, args.length);
            if (options.maps.isEmpty() && !options.sequence) {
                throw new UsageException("fatal: " + USAGE);
            }
            return options;
        }

        private static String argument(String[] args, int index, char flag) throws UsageException {
            if (index >= args.length) {
                throw new UsageException("option requires an argument -- '" + flag + "'" + System.lineSeparator()
                    + "postmap: fatal: " + USAGE);
            }
            return args[index];
        }
    }
}
