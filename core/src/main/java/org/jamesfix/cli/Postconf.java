package org.jamesfix.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.config.Parameters;

/**
 * postconf(1) for Jamesfix's main.cf, with Postfix 3.7's options and output: {@code name = value}
 * sorted by name (whitespace runs printed as one space), values unexpanded unless -x. Options:
 * -c dir (default: system property jamesfix.conf.dir, else "conf"), -d defaults, -n set in
 * main.cf, -h values only, -x expand, -o name=value override, then optional names.
 *
 * Exit status as Postfix: 0, also when a named parameter is unknown (a warning on stderr);
 * 1 with "postconf: fatal: ..." for usage errors, a missing or malformed main.cf.
 * Limits: no editing (-e, -X, -#), no master.cf (-M, -F, -P), no folding (-f).
 */
public final class Postconf {
    private static final String USAGE = "usage: postconf [-c config_dir] [-d (parameter defaults)] "
        + "[-h (no names)] [-n (non-default parameters)] [-o name=value (override parameter value)] "
        + "[-x (expand parameter values)] [name...]";

    private Postconf() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs postconf with this machine's facts; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, HostFacts.local());
    }

    /** Runs postconf with given machine facts (tests); returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err, HostFacts facts) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("postconf: " + e.getMessage());
            return 1;
        }
        Parameters parameters;
        try {
            parameters = load(options, facts);
        } catch (ConfigException e) {
            err.println("postconf: fatal: " + e.getMessage());
            return 1;
        }
        parameters.warnings().forEach(warning -> err.println("postconf: warning: " + warning));
        List<String> names = options.names.isEmpty() ? List.copyOf(listed(options, parameters)) : options.names;
        for (String name : names) {
            if (!parameters.isKnown(name)) {
                err.println("postconf: warning: " + name + ": unknown parameter");
            } else if (!options.setOnly || parameters.isSet(name)) {
                print(out, options, name, options.expand ? parameters.get(name) : parameters.rawValue(name));
            }
        }
        return 0;
    }

    /** Defaults (-d) or main.cf from the config directory, then -o overrides. */
    private static Parameters load(Options options, HostFacts facts) {
        Parameters parameters;
        if (options.defaults) {
            parameters = Parameters.defaults(facts);
        } else {
            Path mainCf = Path.of(options.configDir, "main.cf");
            if (!Files.exists(mainCf)) {
                throw new ConfigException("open " + mainCf, 0, "No such file or directory");
            }
            parameters = MainCf.load(mainCf, facts);
        }
        return options.overrides.isEmpty() ? parameters : parameters.withOverrides(options.overrides, "command line");
    }

    /** The names printed when none are given. */
    private static java.util.Collection<String> listed(Options options, Parameters parameters) {
        if (options.setOnly) {
            return parameters.setNames();
        }
        return options.defaults ? parameters.definitions().all().stream().map(d -> d.name()).toList() : parameters.names();
    }

    private static void print(PrintStream out, Options options, String name, String value) {
        String shown = value.strip().replaceAll("\\s+", " ");
        if (options.valuesOnly) {
            out.println(shown);
        } else {
            out.println(shown.isEmpty() ? name + " =" : name + " = " + shown);
        }
    }

    /** Parsed command line (getopt style: flags may be combined, -c and -o take an argument). */
    private static final class Options {
        String configDir = System.getProperty("jamesfix.conf.dir", "conf");
        boolean defaults;
        boolean setOnly;
        boolean valuesOnly;
        boolean expand;
        final Map<String, String> overrides = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();

        static Options parse(String[] args) {
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
                        case 'd' -> options.defaults = true;
                        case 'n' -> options.setOnly = true;
                        case 'h' -> options.valuesOnly = true;
                        case 'x' -> options.expand = true;
                        case 'c', 'o' -> {
                            String value = j + 1 < args[i].length() ? args[i].substring(j + 1) : argument(args, ++i, flag);
                            options.set(flag, value);
                            j = args[i].length();
                        }
                        default -> throw new IllegalArgumentException("invalid option -- '" + flag + "'"
                            + System.lineSeparator() + "postconf: fatal: " + USAGE);
                    }
                }
            }
            if (options.defaults && options.setOnly) {
                throw new IllegalArgumentException("fatal: specify one of -d -n");
            }
            options.names = List.of(args).subList(i, args.length);
            return options;
        }

        private static String argument(String[] args, int index, char flag) {
            if (index >= args.length) {
                throw new IllegalArgumentException("option requires an argument -- '" + flag + "'"
                    + System.lineSeparator() + "postconf: fatal: " + USAGE);
            }
            return args[index];
        }

        private void set(char flag, String value) {
            if (flag == 'c') {
                configDir = value;
                return;
            }
            int equals = value.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("fatal: invalid parameter assignment: " + value);
            }
            overrides.put(value.substring(0, equals).strip(), value.substring(equals + 1));
        }
    }
}
