package org.jamesfix.table.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.store.NoLockFactory;
import org.apache.lucene.util.BytesRef;
import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.SequenceableTable;

/**
 * An indexed table (Postfix's hash:, btree:, lmdb:, cdb:): answers from the Lucene index that
 * postmap compiled beside the source, memory-mapped, so a million entries cost a few kilobytes
 * of heap and open in milliseconds. A lookup folds the key to lower case (unless opened without
 * folding, as {@code postmap -f -q}), seeks the exact term, and reads the value in place from
 * binary doc values. Each lookup takes its own Lucene enumerators; the table itself is
 * immutable and shared by every thread.
 *
 * Errors at open ({@link ConfigException}): the index is missing, or older than its source file
 * (the admin must run postmap, as with Postfix's .db files), or not an index postmap wrote.
 * A lookup that hits an I/O error answers {@link LookupResult.Failed}.
 * Limits: nothing to close; the mapping is released when the table is garbage collected, so a
 * replaced generation's disk space returns once old tables are collected. The source file may be
 * absent (Postfix answers from the .db alone too).
 */
public final class IndexedTable implements SequenceableTable {
    private static final int OPEN_ATTEMPTS = 20;

    private final String spec;
    private final Path source;
    private final Path link;
    private final boolean foldKeys;
    private final DirectoryReader reader;
    private final LeafReader leaf;
    private final Terms keys;

    private IndexedTable(String spec, Path source, boolean foldKeys, DirectoryReader reader) {
        this.spec = spec;
        this.source = source;
        this.link = IndexLayout.of(source).link();
        this.foldKeys = foldKeys;
        this.reader = reader;
        this.leaf = reader.leaves().isEmpty() ? null : reader.leaves().get(0).reader();
        this.keys = leaf == null ? null : keys(leaf, spec, link);
    }

    private static Terms keys(LeafReader leaf, String spec, Path link) {
        try {
            Terms terms = leaf.terms(IndexFormat.KEY_FIELD);
            if (terms == null) {
                throw new ConfigException(link.toString(), 0, "index without keys: run \"postmap " + spec + "\"");
            }
            return terms;
        } catch (IOException e) {
            throw new ConfigException(link.toString(), 0, "open index: " + e.getMessage());
        }
    }

    /**
     * Opens the index of {@code source}; {@code spec} names the table in messages, e.g.
     * {@code hash:/etc/jamesfix/virtual}.
     */
    public static IndexedTable open(String spec, Path source, boolean foldKeys) {
        return new IndexedTable(spec, source, foldKeys, openReader(spec, source));
    }

    /** Resolves the link to one generation and opens it, retrying if postmap swapped it meanwhile. */
    private static DirectoryReader openReader(String spec, Path source) {
        Path link = IndexLayout.of(source).link();
        for (int attempt = 1; ; attempt++) {
            Path generation;
            try {
                generation = link.toRealPath();
            } catch (NoSuchFileException e) {
                throw stale(spec, source, link);
            } catch (IOException e) {
                throw new ConfigException(link.toString(), 0, "open index: " + e.getMessage());
            }
            try {
                if (!Files.isDirectory(generation)) {
                    // Deleted by a newer postmap since the link was read; Lucene would recreate it empty.
                    throw new NoSuchFileException(generation.toString());
                }
                DirectoryReader reader = DirectoryReader.open(new MMapDirectory(generation, NoLockFactory.INSTANCE));
                check(spec, source, link, generation, reader);
                return reader;
            } catch (IOException e) {
                // Lucene reports a generation deleted under it in several ways (NoSuchFileException,
                // wrapped, a missing segments file, even from its own directory set-up), and the
                // link may be read just before postmap swaps it: resolve the link again, a few
                // times; an index that still fails then is broken.
                if (attempt == OPEN_ATTEMPTS) {
                    throw new ConfigException(link.toString(), 0, "open index: " + e);
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refuses an index that postmap did not write, or that is older than its source. */
    private static void check(String spec, Path source, Path link, Path generation, DirectoryReader reader)
        throws IOException {
        IndexCommit commit = reader.getIndexCommit();
        Map<String, String> data = commit.getUserData();
        if (!IndexFormat.FORMAT_VERSION.equals(data.get(IndexFormat.FORMAT)) || reader.leaves().size() > 1) {
            throw new ConfigException(link.toString(), 0, "not an index written by this version of postmap: run \"postmap "
                + spec + "\"");
        }
        BasicFileAttributes sourceAttributes;
        try {
            sourceAttributes = Files.readAttributes(source, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        }
        long sourceMtime = sourceAttributes.lastModifiedTime().toMillis();
        boolean sameSource = Long.toString(sourceMtime).equals(data.get(IndexFormat.SOURCE_MTIME))
            && Long.toString(sourceAttributes.size()).equals(data.get(IndexFormat.SOURCE_SIZE));
        long indexMtime = Files.getLastModifiedTime(generation.resolve(commit.getSegmentsFileName())).toMillis();
        // Postfix's rule (index at least as new as the source), or built from exactly this source.
        if (!sameSource && indexMtime < sourceMtime) {
            throw stale(spec, source, link);
        }
    }

    private static ConfigException stale(String spec, Path source, Path link) {
        return new ConfigException(source.toString(), 0,
            "index " + link + " is missing or older than its source: run \"postmap " + spec + "\"");
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public LookupResult lookup(String key) {
        if (leaf == null) {
            return LookupResult.notFound();
        }
        String term = foldKeys ? key.toLowerCase(Locale.ROOT) : key;
        try {
            return find(new BytesRef(term));
        } catch (IOException | RuntimeException e) {
            return LookupResult.failed(spec + ": lookup error: " + e.getMessage());
        }
    }

    /** Seeks the exact key; its one document's value. */
    private LookupResult find(BytesRef term) throws IOException {
        // Fresh enumerators per lookup (Lucene's are single-threaded): measured as fast as
        // per-thread reuse here, and nothing outlives the table in thread-local maps.
        TermsEnum termsEnum = keys.iterator();
        if (!termsEnum.seekExact(term)) {
            return LookupResult.notFound();
        }
        int doc = termsEnum.postings(null, PostingsEnum.NONE).nextDoc();
        BinaryDocValues values = leaf.getBinaryDocValues(IndexFormat.VALUE_FIELD);
        if (values == null || !values.advanceExact(doc)) {
            return LookupResult.failed(spec + ": index entry without a value");
        }
        return LookupResult.found(values.binaryValue().utf8ToString());
    }

    /** The index's link and the source: either changing means this table must be opened again. */
    @Override
    public List<Path> sources() {
        return List.of(source, link);
    }

    /** The number of entries. */
    public int size() {
        return reader.numDocs();
    }

    /** Calls {@code action} with every key and value, in source file order (postmap -s). */
    @Override
    public void forEach(BiConsumer<String, String> action) {
        if (leaf == null) {
            return;
        }
        try {
            String[] byDocument = new String[leaf.maxDoc()];
            TermsEnum terms = keys.iterator();
            PostingsEnum postings = null;
            for (BytesRef term = terms.next(); term != null; term = terms.next()) {
                postings = terms.postings(postings, PostingsEnum.NONE);
                byDocument[postings.nextDoc()] = term.utf8ToString();
            }
            BinaryDocValues values = leaf.getBinaryDocValues(IndexFormat.VALUE_FIELD);
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                action.accept(byDocument[doc], values.binaryValue().utf8ToString());
            }
        } catch (IOException e) {
            throw new ConfigException(link.toString(), 0, "read index: " + e.getMessage());
        }
    }
}
