package org.jamesfix.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jamesfix.config.ConfigException;
import org.jamesfix.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expectations checked against Postfix 3.7.11 postmap -q (see the comment on the class body).
 * Golden-file conformance for table types: each conformance/tables/NAME.in script must produce
 * exactly NAME.ref.
 *
 * Script commands (lines starting with '#' are comments and are not echoed; each command is
 * echoed as ">>> command"):
 *   file NAME     the following lines, up to a line ".", become the file NAME in the table
 *                 directory (relative specs resolve there; its path prints as "DIR")
 *   dir NAME      creates a directory NAME there (a table path that cannot be read)
 *   open SPEC     opens SPEC (the rest of the line; "DIR" stands for the table directory)
 *                 through the standard registry plus a test
 *                 "fail:" type whose lookups always fail (as Postfix's fail: table);
 *                 prints "ok" or "error: MESSAGE"
 *   query KEY     looks up KEY (everything after "query ", possibly empty or with blanks) in the
 *                 last table opened: "found [VALUE]", "not found" or "failed: REASON"
 *   info          the last table's matchesWholeStringOnly() and sources()
 * Run with -Djamesfix.conformance.update=true to rewrite the .ref files (then review the diff).
 */
class TableConformanceTest {
    // Expectations checked against Postfix 3.7.11 postmap -q (and postmap -q - < keys) on Debian 12:
    // each .in file quotes what postmap printed where it matters; deviations are marked "DEVIATION".
    private static final String DIRECTORY = "conformance/tables";

    @TempDir
    Path tableDir;

    @TestFactory
    Stream<DynamicTest> scriptsShouldProduceTheirReferenceOutput() {
        return GoldenFiles.tests(DIRECTORY, (name, lines) -> new Script(tableDir).run(lines));
    }

    /** Runs one script, collecting its transcript. */
    private static final class Script {
        private final Path dir;
        private final TableRegistry registry;
        private final StringBuilder out = new StringBuilder();
        private LookupTable table;

        Script(Path dir) {
            this.dir = dir;
            this.registry = TableRegistry.standard(dir).with("fail", (spec, name, registry) -> new FailTable(spec));
        }

        String run(List<String> lines) throws IOException {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                out.append(">>> ").append(line).append('\n');
                String command = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
                String argument = line.contains(" ") ? line.substring(line.indexOf(' ') + 1) : "";
                switch (command) {
                    case "file" -> {
                        StringBuilder content = new StringBuilder();
                        while (!lines.get(++i).equals(".")) {
                            content.append(lines.get(i)).append('\n');
                            out.append(lines.get(i)).append('\n');
                        }
                        out.append(".\n");
                        Files.writeString(dir.resolve(argument), content.toString(), StandardCharsets.UTF_8);
                    }
                    case "dir" -> Files.createDirectories(dir.resolve(argument));
                    case "open" -> open(argument.replace("DIR", dir.toString()));
                    case "query" -> print(describe(table.lookup(argument)));
                    case "info" -> print("matchesWholeStringOnly=" + table.matchesWholeStringOnly()
                        + " sources=" + table.sources().stream().map(path -> hide(path.toString())).toList());
                    default -> throw new IllegalArgumentException("unknown script command: " + line);
                }
            }
            return out.toString();
        }

        private void open(String spec) {
            try {
                table = registry.open(spec);
                assertThat(table.spec()).isEqualTo(spec);
                print("ok");
            } catch (ConfigException e) {
                table = null;
                print("error: " + hide(e.getMessage()));
            }
        }

        private static String describe(LookupResult result) {
            if (result instanceof LookupResult.Found found) {
                return "found [" + found.value() + "]";
            }
            if (result instanceof LookupResult.Failed failed) {
                return "failed: " + failed.reason();
            }
            return "not found";
        }

        private String hide(String text) {
            return text.replace(dir.toString(), "DIR");
        }

        private void print(String text) {
            out.append(text).append('\n');
        }
    }

    /** Postfix's fail:NAME: every lookup fails. */
    private record FailTable(String spec) implements LookupTable {
        @Override
        public LookupResult lookup(String key) {
            return LookupResult.failed(spec + ": table lookup failed");
        }
    }
}
