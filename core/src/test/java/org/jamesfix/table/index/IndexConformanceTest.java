package org.jamesfix.table.index;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jamesfix.cli.Postmap;
import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden-file conformance for the indexed tables and postmap: each conformance/index/NAME.in
 * script must produce exactly NAME.ref.
 *
 * Script commands (one per line; lines starting with '#' are comments and are not echoed):
 *   file NAME          the following lines, up to a line ".", become file NAME in the table directory
 *   stdin              the following lines, up to ".", are the next postmap's standard input
 *   age NAME SECONDS   sets NAME's modification time SECONDS from now (negative: in the past)
 *   rm NAME            removes NAME (a file, or the index link)
 *   ls                 the table directory, generation stamps shown as N, links with their target
 *   lookup SPEC KEY    opens SPEC with TableRegistry.standard(table directory) and looks KEY up
 *   postmap ARGS       the CLI; "$D/" in ARGS is the table directory
 * Paths under the table directory are printed relative to it, as when Postfix runs in that directory.
 * Run with -Djamesfix.conformance.update=true to rewrite the .ref files (then review the diff).
 */
class IndexConformanceTest {
    // Expectations checked with Postfix 3.7.11 postmap (Debian 12) run in the table directory with
    // the same files and arguments; where we differ on purpose the .in file says "DEVIATION".
    private static final String DIRECTORY = "conformance/index";

    @TempDir
    Path tableDir;

    @TestFactory
    Stream<DynamicTest> scriptsShouldProduceTheirReferenceOutput() {
        return GoldenFiles.tests(DIRECTORY, (name, lines) -> new Script(Files.createDirectory(tableDir.resolve(name))).run(lines));
    }

    /** Runs one script, collecting its transcript. */
    private static final class Script {
        private final Path dir;
        private final StringBuilder out = new StringBuilder();
        private String stdin = "";

        Script(Path dir) {
            this.dir = dir;
        }

        String run(List<String> lines) throws IOException {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                out.append(">>> ").append(line).append('\n');
                String[] words = line.trim().split("\\s+");
                if (words[0].equals("file") || words[0].equals("stdin")) {
                    StringBuilder content = new StringBuilder();
                    while (!lines.get(++i).equals(".")) {
                        content.append(lines.get(i)).append('\n');
                        out.append(lines.get(i)).append('\n');
                    }
                    out.append(".\n");
                    if (words[0].equals("file")) {
                        Files.writeString(dir.resolve(words[1]), content, StandardCharsets.UTF_8);
                    } else {
                        stdin = content.toString();
                    }
                } else {
                    command(words);
                }
            }
            return out.toString();
        }

        private void command(String[] words) throws IOException {
            switch (words[0]) {
                case "age" -> Files.setLastModifiedTime(dir.resolve(words[1]),
                    FileTime.fromMillis(System.currentTimeMillis() + 1000L * Long.parseLong(words[2])));
                case "rm" -> Files.delete(dir.resolve(words[1]));
                case "ls" -> list();
                case "lookup" -> lookup(words[1], words[2]);
                case "postmap" -> postmap(Arrays.copyOfRange(words, 1, words.length));
                default -> throw new IllegalArgumentException("unknown script command: " + words[0]);
            }
        }

        private void list() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String name = stamps(file.getFileName().toString());
                    if (Files.isSymbolicLink(file)) {
                        print(name + " -> " + stamps(Files.readSymbolicLink(file).toString()));
                    } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                        print(name + "/");
                    } else {
                        print(name);
                    }
                }
            }
        }

        private void lookup(String spec, String key) {
            try {
                LookupTable table = TableRegistry.standard(dir).open(spec);
                LookupResult result = table.lookup(key);
                String answer = result instanceof LookupResult.Found found ? "found: " + found.value()
                    : result instanceof LookupResult.Failed failed ? "failed: " + failed.reason() : "not found";
                print(answer + "; sources: " + table.sources().stream().map(this::relative).collect(Collectors.joining(" ")));
            } catch (ConfigException e) {
                print("error: " + relative(e.getMessage()));
            }
        }

        private void postmap(String[] args) {
            String[] resolved = Arrays.stream(args).map(arg -> arg.replace("$D/", dir + "/")).toArray(String[]::new);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            int status = Postmap.run(resolved, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
            stdin = "";
            out.append(relative(stdout.toString(StandardCharsets.UTF_8)));
            out.append(relative(stderr.toString(StandardCharsets.UTF_8)));
            if (status != 0) {
                print("exit " + status);
            }
        }

        private String relative(Object text) {
            return text.toString().replace(dir + "/", "");
        }

        private static String stamps(String name) {
            return name.replaceAll("\\.lucene\\.\\d+", ".lucene.N");
        }

        private void print(String text) {
            out.append(text).append('\n');
        }
    }
}
