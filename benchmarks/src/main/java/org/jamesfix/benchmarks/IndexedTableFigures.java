package org.jamesfix.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.index.IndexCompiler;

/**
 * One-shot figures for an indexed (Lucene) table that JMH does not measure well: compile time of
 * a million-entry source, open time, and heap held once open. Lookups per second are
 * TableLookupBenchmark's. Targets: compile < 15 s, open < 200 ms, heap <= 64 MB.
 * Run: {@code java -cp benchmarks/target/jamesfix-benchmarks.jar org.jamesfix.benchmarks.IndexedTableFigures [entries]}.
 */
public final class IndexedTableFigures {
    private IndexedTableFigures() {
    }

    public static void main(String[] args) throws IOException {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("jamesfix-figures");
        Path source = dir.resolve("virtual");
        try (BufferedWriter out = Files.newBufferedWriter(source, StandardCharsets.UTF_8)) {
            for (int i = 0; i < entries; i++) {
                out.write("user" + i + "@example" + (i % 1000) + ".com mailbox" + i + "@store" + (i % 97) + ".example.net\n");
            }
        }
        System.out.printf("cores: %d, entries: %d, source: %d MB%n", Runtime.getRuntime().availableProcessors(), entries,
            Files.size(source) >> 20);

        long start = System.nanoTime();
        IndexCompiler.compile(source, true);
        System.out.printf("compile: %d ms%n", (System.nanoTime() - start) / 1_000_000);

        TableRegistry registry = TableRegistry.standard(dir);
        // A first open loads Lucene's classes, as a running server already has them.
        registry.open("hash:virtual").lookup("user0@example0.com");
        long heapBefore = usedHeap();
        start = System.nanoTime();
        LookupTable table = registry.open("hash:virtual");
        double openMillis = (System.nanoTime() - start) / 1e6;
        LookupResult probe = table.lookup("USER7@EXAMPLE7.COM");
        long heldBytes = usedHeap() - heapBefore;
        System.out.printf("open: %.1f ms (probe: %s)%n", openMillis, probe);
        System.out.printf("heap held once open: %d KB%n", heldBytes >> 10);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
