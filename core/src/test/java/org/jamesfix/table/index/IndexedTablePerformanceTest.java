package org.jamesfix.table.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jamesfix.table.LookupResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rough figures for a million-entry indexed table: compile time, open time, lookups per second
 * per thread, heap held once open. Not a CI test and no timing assertions: run on demand with
 * {@code mvn -pl core test -Dtest=IndexedTablePerformanceTest -Djamesfix.perf=true} and read
 * the printed figures (a JMH module will replace it).
 */
@EnabledIfSystemProperty(named = "jamesfix.perf", matches = "true")
class IndexedTablePerformanceTest {
    private static final int ENTRIES = Integer.getInteger("jamesfix.perf.entries", 1_000_000);
    private static final int LOOKUPS = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void printFiguresForAMillionEntries() throws Exception {
        Path source = dir.resolve("virtual");
        writeSource(source);
        System.out.printf("source: %d entries, %d MB%n", ENTRIES, Files.size(source) >> 20);

        long start = System.nanoTime();
        IndexCompiler.compile(source, true);
        System.out.printf("compile: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        System.out.printf("index size: %d MB%n", directorySize(source.resolveSibling("virtual.lucene").toRealPath()) >> 20);

        // A warm-up open loads Lucene's classes, as a running server has them loaded.
        IndexedTable.open("hash:" + source, source, true).lookup("user0000001@example1.com");
        long heapBefore = usedHeap();
        start = System.nanoTime();
        IndexedTable table = IndexedTable.open("hash:" + source, source, true);
        System.out.printf("open: %.1f ms%n", (System.nanoTime() - start) / 1e6);
        assertThat(table.lookup(key(7))).isEqualTo(LookupResult.found(value(7)));
        System.out.printf("heap held once open: %d KB%n", (usedHeap() - heapBefore) >> 10);

        String[] keys = new String[LOOKUPS];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < keys.length; i++) {
            int n = random.nextInt(ENTRIES * 2); // half of them miss
            keys[i] = n < ENTRIES ? key(n).toUpperCase() : "absent" + n + "@example.org";
        }
        for (int threads : new int[] {1, 2}) {
            for (int round = 0; round < 3; round++) {
                measure(table, keys, threads, round == 2);
            }
        }
    }

    private static void measure(IndexedTable table, String[] keys, int threads, boolean print) throws InterruptedException {
        AtomicLong found = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(() -> {
                long hits = 0;
                for (int i = offset; i < keys.length; i += 1) {
                    if (table.lookup(keys[i]).isFound()) {
                        hits++;
                    }
                }
                found.addAndGet(hits);
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (print) {
            System.out.printf("%d thread(s): %.0f lookups/s per thread (%d found)%n", threads,
                keys.length / seconds, found.get() / threads);
        }
    }

    private static void writeSource(Path source) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(source, StandardCharsets.UTF_8)) {
            for (int i = 0; i < ENTRIES; i++) {
                out.write(key(i));
                out.write(' ');
                out.write(value(i));
                out.write('\n');
            }
        }
    }

    private static String key(int i) {
        return String.format("user%07d@example%d.com", i, i % 1000);
    }

    private static String value(int i) {
        return "mailbox" + i + "@store" + (i % 97) + ".example.net";
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long directorySize(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
