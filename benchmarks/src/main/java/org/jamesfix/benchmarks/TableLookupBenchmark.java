package org.jamesfix.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.index.IndexCompiler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookups per second per thread for the table types on the hot path, opened through the registry
 * from their {@code type:name} specs exactly as the server opens them. Targets (issue: lookup
 * tables): texthash 100k entries >= 5M/s, indexed 1M entries >= 200k/s, regexp 1000 rules with a
 * key that matches none >= 50k/s. Run: {@code java -jar benchmarks/target/jamesfix-benchmarks.jar}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class TableLookupBenchmark {
    @Param({"texthash", "hash", "regexp"})
    public String type;

    private LookupTable table;
    private String[] keys;
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path dir = Files.createTempDirectory("jamesfix-bench");
        switch (type) {
            case "texthash":
                writeEntries(dir.resolve("table"), 100_000);
                table = TableRegistry.standard(dir).open("texthash:table");
                keys = hitKeys(100_000);
                break;
            case "hash":
                writeEntries(dir.resolve("table"), 1_000_000);
                IndexCompiler.compile(dir.resolve("table"), true);
                table = TableRegistry.standard(dir).open("hash:table");
                keys = hitKeys(1_000_000);
                break;
            case "regexp":
                writeRules(dir.resolve("table"), 1000);
                table = TableRegistry.standard(dir).open("regexp:table");
                keys = new String[] {"nobody-matches-this@nowhere.example.net"};
                break;
            default:
                throw new IllegalArgumentException(type);
        }
    }

    @Benchmark
    public LookupResult lookup() {
        String key = keys[next];
        next = next + 1 == keys.length ? 0 : next + 1;
        return table.lookup(key);
    }

    /** user<i>@example<i%100>.test -> value<i>. */
    private static void writeEntries(Path file, int count) throws IOException {
        StringBuilder text = new StringBuilder(count * 40);
        for (int i = 0; i < count; i++) {
            text.append("user").append(i).append("@example").append(i % 100).append(".test value").append(i).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Realistic rules: anchored address and domain patterns, each with its own literal. */
    private static void writeRules(Path file, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                text.append("/^user").append(i).append("\\+.*@example\\.com$/ REJECT rule ").append(i).append('\n');
            } else {
                text.append("/@(mail|smtp)\\.domain").append(i).append("\\.example$/ DISCARD rule ").append(i).append('\n');
            }
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // A fixed pseudo-random walk over existing keys, so every lookup is a hit.
    private static String[] hitKeys(int count) {
        String[] keys = new String[4096];
        long state = 42;
        for (int i = 0; i < keys.length; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            int n = (int) Math.floorMod(state >>> 17, (long) count);
            keys[i] = "user" + n + "@example" + (n % 100) + ".test";
        }
        return keys;
    }
}
