package org.jamesfix.table.regexp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expectations checked with Postfix 3.7.11 postmap -q (see the comment on the class body).
 * Golden-file conformance for regexp: and pcre: tables: each conformance/regexp/NAME.in and
 * conformance/pcre/NAME.in script must produce exactly NAME.ref.
 *
 * Script commands (lines starting with '#' are comments and are not echoed):
 *   table TYPE     the following lines, up to a line ".", become the file "table", opened as
 *                  TYPE:table; prints "open: ok" or "error: MESSAGE"
 *   query KEY      looks KEY up (rest of the line; \n \t \r \s (space) \\ escapes; "query" alone is the
 *                  empty key); prints "found [VALUE]", "not found" or "failed: REASON"
 * Run with -Djamesfix.conformance.update=true to rewrite the .ref files (then review the diff).
 */
class PatternTableConformanceTest {
    // Expectations checked with Postfix 3.7.11 postmap -q (Debian 12, PCRE2 10.42, glibc 2.36):
    // every "found"/"not found" answer is what postmap -q printed for the same table and key.
    // Where Postfix only warns and skips a rule, we refuse the table; the .in files quote Postfix's
    // warning next to each such case and mark it "DEVIATION".
    private static final List<String> DIRECTORIES = List.of("conformance/regexp", "conformance/pcre");

    @TempDir
    Path configDir;

    @TestFactory
    Stream<DynamicTest> scriptsShouldProduceTheirReferenceOutput() throws IOException, URISyntaxException {
        Stream.Builder<DynamicTest> tests = Stream.builder();
        for (String directory : DIRECTORIES) {
            Path path = Path.of(getClass().getClassLoader().getResource(directory).toURI());
            try (Stream<Path> files = Files.list(path)) {
                files.filter(file -> file.toString().endsWith(".in")).sorted()
                    .forEach(script -> tests.add(DynamicTest.dynamicTest(directory + "/" + script.getFileName(), () -> check(directory, script))));
            }
        }
        return tests.build();
    }

    private void check(String directory, Path script) throws IOException {
        String actual = run(Files.readAllLines(script, StandardCharsets.UTF_8));
        Path reference = Path.of(script.toString().replaceFirst("\\.in$", ".ref"));
        if (Boolean.getBoolean("jamesfix.conformance.update")) {
            Files.writeString(Path.of("src/test/resources", directory, reference.getFileName().toString()), actual, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(reference) ? Files.readString(reference, StandardCharsets.UTF_8) : "";
        assertThat(actual).isEqualTo(expected);
    }

    /** Runs one script, returning its transcript. */
    private String run(List<String> lines) throws IOException {
        StringBuilder out = new StringBuilder();
        TableRegistry registry = TableRegistry.standard(configDir);
        LookupTable table = null;
        String openError = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.append(">>> ").append(line).append('\n');
            if (line.startsWith("table ")) {
                StringBuilder content = new StringBuilder();
                while (!lines.get(++i).equals(".")) {
                    content.append(lines.get(i)).append('\n');
                    out.append(lines.get(i)).append('\n');
                }
                out.append(".\n");
                Files.writeString(configDir.resolve("table"), content.toString(), StandardCharsets.UTF_8);
                try {
                    table = registry.open(line.substring(6).trim() + ":table");
                    openError = "";
                    out.append("open: ok\n");
                } catch (ConfigException e) {
                    table = null;
                    openError = e.getMessage().replace(configDir + "/", "");
                    out.append("error: ").append(openError).append('\n');
                }
            } else if (line.equals("query") || line.startsWith("query ")) {
                String key = unescape(line.length() > 6 ? line.substring(6) : "");
                out.append(table == null ? "error: table not open" : answer(table.lookup(key))).append('\n');
            } else {
                throw new IllegalArgumentException("unknown script command: " + line);
            }
        }
        return out.toString();
    }

    private String answer(LookupResult result) {
        if (result instanceof LookupResult.Found found) {
            return "found [" + found.value().replace("\n", "\\n") + "]";
        }
        if (result instanceof LookupResult.Failed failed) {
            return "failed: " + failed.reason().replace(configDir + "/", "");
        }
        return "not found";
    }

    private static String unescape(String text) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                key.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 's' -> ' ';
                    default -> next;
                });
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
