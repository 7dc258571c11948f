package org.jamesfix.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jamesfix.cli.Postconf;
import org.jamesfix.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expectations produced by Postfix 3.7.11 postconf (see the comment on the class body).
 * Golden-file conformance for main.cf parsing, expansion, typed values and postconf output:
 * each conformance/config/NAME.in script must produce exactly NAME.ref.
 *
 * Script commands (one per line; lines starting with '#' are comments and are not echoed):
 *   main.cf            the following lines, up to a line ".", become the current main.cf
 *   host NAME ADDR/N.. the machine facts for computed defaults (default: see DEFAULT_HOST)
 *   override SRC n=v.. later queries use Parameters.withOverrides(n=v..., SRC); "override" alone clears
 *   get|raw|list|bool|time|size|int|isset NAME   typed reads of the current Parameters
 *   warnings           the load warnings
 *   defaults NAME      get() on Parameters.defaults(host)
 *   postconf ARGS      the CLI, with "-c DIR" where DIR holds the current main.cf (shown as "main.cf")
 * Run with -Djamesfix.conformance.update=true to rewrite the .ref files (then review the diff).
 */
class ConfigConformanceTest {
    // Expectations produced by Postfix 3.7.11 postconf (and postmap for type checks) on Debian 12,
    // hostname "vm", interfaces lo 127.0.0.1/8 ::1/128 and eth0 192.0.2.2/24 fd00::2/64
    // fe80::fc:ff:fe00:1/64; deviations from Postfix are marked in the .in files with "DEVIATION".
    private static final String DEFAULT_HOST = "vm 127.0.0.1/8 ::1/128 192.0.2.2/24 fd00::2/64 fe80::fc:ff:fe00:1/64";
    private static final String DIRECTORY = "conformance/config";

    @TempDir
    Path configDir;

    @TestFactory
    Stream<DynamicTest> scriptsShouldProduceTheirReferenceOutput() {
        return GoldenFiles.tests(DIRECTORY, (name, lines) -> new Script(configDir).run(lines));
    }

    /** Runs one script, collecting its transcript. */
    private static final class Script {
        private final Path configDir;
        private final StringBuilder out = new StringBuilder();
        private HostFacts host = host(DEFAULT_HOST);
        private String mainCf = "";
        private Map<String, String> overrides = Map.of();
        private String overrideSource = "";

        Script(Path configDir) {
            this.configDir = configDir;
        }

        String run(List<String> lines) {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                out.append(">>> ").append(line).append('\n');
                if (line.equals("main.cf")) {
                    StringBuilder content = new StringBuilder();
                    while (!lines.get(++i).equals(".")) {
                        content.append(lines.get(i)).append('\n');
                        out.append(lines.get(i)).append('\n');
                    }
                    out.append(".\n");
                    mainCf = content.toString();
                    overrides = Map.of();
                } else {
                    command(line.trim().split("\\s+"));
                }
            }
            return out.toString();
        }

        private void command(String[] words) {
            try {
                switch (words[0]) {
                    case "host" -> host = host(String.join(" ", Arrays.asList(words).subList(1, words.length)));
                    case "override" -> override(words);
                    case "postconf" -> postconf(Arrays.copyOfRange(words, 1, words.length));
                    case "defaults" -> print(Parameters.defaults(host).get(words[1]));
                    case "warnings" -> parameters().warnings().forEach(this::print);
                    default -> query(words[0], words[1]);
                }
            } catch (ConfigException e) {
                print("error: " + e.getMessage());
            }
        }

        private void query(String what, String name) {
            Parameters parameters = parameters();
            switch (what) {
                case "get" -> print("[" + parameters.get(name) + "]");
                case "raw" -> print("[" + parameters.rawValue(name) + "]");
                case "list" -> print(String.join(" ", parameters.getList(name).stream().map(e -> "<" + e + ">").toList()));
                case "bool" -> print(String.valueOf(parameters.getBoolean(name)));
                case "time" -> print(parameters.getTime(name).getSeconds() + " seconds");
                case "size" -> print(String.valueOf(parameters.getSize(name)));
                case "int" -> print(String.valueOf(parameters.getInt(name)));
                case "isset" -> print(String.valueOf(parameters.isSet(name)));
                default -> throw new IllegalArgumentException("unknown script command: " + what);
            }
        }

        private Parameters parameters() {
            Parameters parameters = MainCf.parse(mainCf, "main.cf", host);
            return overrides.isEmpty() ? parameters : parameters.withOverrides(overrides, overrideSource);
        }

        private void override(String[] words) {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (int i = 2; i < words.length; i++) {
                int equals = words[i].indexOf('=');
                pairs.put(words[i].substring(0, equals), words[i].substring(equals + 1));
            }
            overrideSource = words.length > 1 ? words[1] : "";
            overrides = pairs;
        }

        private void postconf(String[] args) {
            try {
                Files.writeString(configDir.resolve("main.cf"), mainCf, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> full = new ArrayList<>(List.of("-c", configDir.toString()));
            full.addAll(List.of(args));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            int status = Postconf.run(full.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), host);
            String prefix = configDir + "/";
            out.append(stdout.toString(StandardCharsets.UTF_8).replace(prefix, ""));
            out.append(stderr.toString(StandardCharsets.UTF_8).replace(prefix, ""));
            if (status != 0) {
                print("exit " + status);
            }
        }

        private void print(String text) {
            out.append(text).append('\n');
        }

        private static HostFacts host(String spec) {
            String[] words = spec.split("\\s+");
            return HostFacts.of(words[0], Arrays.copyOfRange(words, 1, words.length));
        }
    }
}
