package org.jamesfix.table.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The indexed table outside the golden files: atomic replacement, threads, a fresh JVM. */
class IndexedTableTest {
    private static final int KEYS = 200;

    @TempDir
    Path dir;

    @Test
    void readersShouldAlwaysSeeOneCompleteVersionWhileTheIndexIsRecompiled() throws Exception {
        Path source = dir.resolve("virtual");
        writeVersion(source, 0);
        IndexCompiler.compile(source, true);
        TableRegistry registry = TableRegistry.standard(dir);
        LookupTable longLived = registry.open("hash:virtual");

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger compiles = new AtomicInteger();
        AtomicInteger opens = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Thread compiler = new Thread(() -> {
            for (int version = 1; version <= 40; version++) {
                try {
                    writeVersion(source, version);
                    IndexCompiler.compile(source, true);
                    compiles.incrementAndGet();
                    // Let the readers open this generation before the next compile, even on a busy machine.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (opens.get() < version && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add("compile: " + e);
                }
            }
            done.set(true);
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(new Thread(() -> {
                while (!done.get()) {
                    try {
                        LookupTable table = registry.open("hash:virtual");
                        opens.incrementAndGet();
                        checkOneVersion(table, problems);
                    } catch (RuntimeException e) {
                        // A source rewritten but not yet compiled is "older than its source": the
                        // admin's window, not a torn index. Anything else is a failure.
                        if (!e.getMessage().contains("older than its source")) {
                            problems.add("open: " + e);
                        }
                    }
                    checkOneVersion(longLived, problems);
                }
            }));
        }
        readers.forEach(Thread::start);
        compiler.start();
        compiler.join(TimeUnit.MINUTES.toMillis(2));
        for (Thread reader : readers) {
            reader.join(TimeUnit.MINUTES.toMillis(1));
        }

        assertThat(problems).isEmpty();
        assertThat(compiles.get()).isEqualTo(40);
        assertThat(opens.get()).isPositive();
        // The first table still answers from its generation, deleted 40 compiles ago.
        assertThat(longLived.lookup("key7")).isEqualTo(LookupResult.found("v0-7"));
        assertThat(registry.open("hash:virtual").lookup("KEY7")).isEqualTo(LookupResult.found("v40-7"));
        try (Stream<Path> files = Files.list(dir)) {
            // The current generation and the previous one (kept for readers that resolved the old link).
            assertThat(files.filter(path -> path.getFileName().toString().startsWith("virtual.lucene.") && hasIndex(path)))
                .hasSizeBetween(1, 2);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).contains("virtual.lucene.lock");
        }
    }

    @Test
    void oneTableShouldAnswerManyThreadsAtOnce() throws Exception {
        Path source = dir.resolve("virtual");
        writeVersion(source, 3);
        IndexCompiler.compile(source, true);
        LookupTable table = TableRegistry.standard(dir).open("btree:virtual");
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int offset = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    int key = (i * 7 + offset) % (KEYS * 2);
                    LookupResult expected = key < KEYS ? LookupResult.found("v3-" + key) : LookupResult.notFound();
                    LookupResult actual = table.lookup("Key" + key);
                    if (!actual.equals(expected)) {
                        problems.add("key" + key + ": " + actual);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void indexShouldAnswerAFreshJvm() throws Exception {
        Path source = dir.resolve("virtual");
        Files.writeString(source, "Alias@Example.com  target@example.net\n", StandardCharsets.UTF_8);
        IndexCompiler.compile(source, true);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), "org.jamesfix.cli.Postmap", "-q", "ALIAS@example.com", "hash:" + source)
            .redirectErrorStream(true)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo("target@example.net\n");
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void emptySourceShouldGiveATableThatFindsNothing() throws Exception {
        Path source = dir.resolve("empty");
        Files.writeString(source, "# nothing yet\n");
        assertThat(IndexCompiler.compile(source, true).entries()).isZero();
        IndexedTable table = IndexedTable.open("hash:" + source, source, true);
        assertThat(table.lookup("anything")).isEqualTo(LookupResult.notFound());
        assertThat(table.size()).isZero();
    }

    @Test
    void valuesShouldKeepNonAsciiTextAndLength() throws Exception {
        Path source = dir.resolve("utf8");
        String longValue = "x".repeat(100_000);
        Files.writeString(source, "Ünïcode  välue ✓\nlong " + longValue + "\n", StandardCharsets.UTF_8);
        IndexCompiler.compile(source, true);
        IndexedTable table = IndexedTable.open("hash:" + source, source, true);
        assertThat(table.lookup("ÜNÏCODE")).isEqualTo(LookupResult.found("välue ✓"));
        assertThat(table.lookup("long")).isEqualTo(LookupResult.found(longValue));
    }

    /** All keys of one table must come from the same version of the source. */
    private static void checkOneVersion(LookupTable table, ConcurrentLinkedQueue<String> problems) {
        LookupResult first = table.lookup("key0");
        if (!(first instanceof LookupResult.Found found)) {
            problems.add("key0: " + first);
            return;
        }
        String version = found.value().substring(0, found.value().indexOf('-'));
        for (int i = 1; i < KEYS; i += 13) {
            LookupResult result = table.lookup("key" + i);
            if (!result.equals(LookupResult.found(version + "-" + i))) {
                problems.add("key" + i + " in " + version + ": " + result);
            }
        }
    }

    // Written to a temporary file and renamed, as an admin's editor or configuration tool would.
    private static void writeVersion(Path source, int version) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < KEYS; i++) {
            text.append("key").append(i).append(' ').append('v').append(version).append('-').append(i).append('\n');
        }
        Path temporary = source.resolveSibling(source.getFileName() + ".new");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean hasIndex(Path generation) {
        try (Stream<Path> files = Files.list(generation)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("segments"));
        } catch (IOException e) {
            return false;
        }
    }
}
