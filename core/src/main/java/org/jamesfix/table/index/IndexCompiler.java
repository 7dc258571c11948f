package org.jamesfix.table.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NoLockFactory;
import org.apache.lucene.util.BytesRef;
import org.jamesfix.config.ConfigException;
import org.jamesfix.table.text.TextTableFile;

/**
 * postmap's compile step for the indexed types: reads a table source with {@link TextTableFile}
 * and publishes it as a new Lucene index generation (see {@link IndexLayout} for the layout and
 * why the switch is atomic). The generation before the previous one is deleted after the switch; a reader that had
 * already mapped it keeps its mapping (POSIX unlink semantics) and a reader that resolved the link
 * just before the switch retries (see {@link IndexedTable}).
 *
 * Errors: {@link ConfigException} with file and line for a bad source line or a key longer than
 * Lucene's term limit; {@code open FILE: No such file or directory} for a missing source, as
 * Postfix says; other I/O failures name the file. A failed compile leaves the published index
 * untouched.
 * Limits: the whole table is held in memory while compiling (about 200 bytes per entry).
 */
public final class IndexCompiler {
    private static final double RAM_BUFFER_MB = 256;

    /** What a compile produced: the entry count and the source's warnings (duplicate keys). */
    public record Compiled(Path index, int entries, List<String> warnings) {
        public Compiled {
            warnings = List.copyOf(warnings);
        }
    }

    private IndexCompiler() {
    }

    /** Compiles {@code source} into its index, folding keys to lower case unless told not to. */
    public static Compiled compile(Path source, boolean foldKeys) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(source, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException("open " + source, 0, "No such file or directory");
        } catch (IOException e) {
            throw new ConfigException(source.toString(), 0, "stat: " + e.getMessage());
        }
        TextTableFile.Parsed parsed = TextTableFile.read(source, foldKeys);
        for (TextTableFile.Entry entry : parsed.entries()) {
            if (entry.key().getBytes(StandardCharsets.UTF_8).length > IndexWriter.MAX_TERM_LENGTH) {
                throw new ConfigException(source.toString(), entry.line(),
                    "key is longer than " + IndexWriter.MAX_TERM_LENGTH + " bytes");
            }
        }
        Map<String, String> commitData = Map.of(
            IndexFormat.FORMAT, IndexFormat.FORMAT_VERSION,
            IndexFormat.SOURCE_MTIME, Long.toString(attributes.lastModifiedTime().toMillis()),
            IndexFormat.SOURCE_SIZE, Long.toString(attributes.size()),
            IndexFormat.ENTRIES, Integer.toString(parsed.entries().size()),
            IndexFormat.FOLDED, Boolean.toString(foldKeys));
        IndexLayout layout = IndexLayout.of(source);
        try {
            publish(layout, parsed.entries(), commitData);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(layout.link().toString(), 0, "cannot write index: " + e.getMessage());
        }
        return new Compiled(layout.link(), parsed.entries().size(), parsed.warnings());
    }

    /** Under the compile lock: builds a new generation, switches the link to it, drops the rest. */
    private static void publish(IndexLayout layout, List<TextTableFile.Entry> entries, Map<String, String> commitData)
        throws IOException {
        Path link = layout.link();
        if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(link + " is a directory, not the symbolic link postmap maintains: remove it");
        }
        try (FileChannel lockChannel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.lock()) {
            Path generation = layout.newGeneration();
            Optional<Path> previous = currentGeneration(link);
            try {
                write(generation, entries, commitData);
                Path pending = layout.pendingLink(generation);
                Files.deleteIfExists(pending);
                Files.createSymbolicLink(pending, generation.getFileName());
                // rename(2) over the old link: readers see the old target or the new one, nothing between.
                Files.move(pending, link, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                deleteTree(generation);
                throw e;
            }
            syncDirectory(link.toAbsolutePath().getParent());
            // The previous generation stays until the next compile: a reader that resolved the link
            // just before the switch can still open it.
            for (Path old : layout.generations()) {
                boolean keep = old.getFileName().equals(generation.getFileName())
                    || previous.map(p -> p.getFileName().equals(old.getFileName())).orElse(false);
                if (!keep) {
                    deleteTree(old);
                }
            }
        }
    }

    private static Optional<Path> currentGeneration(Path link) {
        try {
            return Optional.of(link.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes one committed, single-segment index holding the entries in file order. */
    private static void write(Path generation, List<TextTableFile.Entry> entries, Map<String, String> commitData)
        throws IOException {
        Files.createDirectory(generation);
        // Adjacent-only merges keep document order = file order, which postmap -s shows.
        LogDocMergePolicy mergePolicy = new LogDocMergePolicy();
        IndexWriterConfig config = new IndexWriterConfig()
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setRAMBufferSizeMB(RAM_BUFFER_MB)
            .setMergePolicy(mergePolicy)
            .setMergeScheduler(new SerialMergeScheduler())
            .setUseCompoundFile(false)
            .setCommitOnClose(false);
        mergePolicy.setNoCFSRatio(0);
        try (FSDirectory directory = FSDirectory.open(generation, NoLockFactory.INSTANCE);
             IndexWriter writer = new IndexWriter(directory, config)) {
            StringField key = new StringField(IndexFormat.KEY_FIELD, "", Field.Store.NO);
            BinaryDocValuesField value = new BinaryDocValuesField(IndexFormat.VALUE_FIELD, new BytesRef());
            Document document = new Document();
            document.add(key);
            document.add(value);
            for (TextTableFile.Entry entry : entries) {
                key.setStringValue(entry.key());
                value.setBytesValue(new BytesRef(entry.value()));
                writer.addDocument(document);
            }
            writer.forceMerge(1);
            writer.setLiveCommitData(commitData.entrySet());
            writer.commit();
        }
    }

    // Makes the rename durable: without it a crash could bring back the old link.
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync a directory; the rename itself is still atomic.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
