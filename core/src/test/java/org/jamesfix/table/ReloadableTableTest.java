package org.jamesfix.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jamesfix.config.ConfigException;
import org.jamesfix.table.ReloadableTable.Outcome;
import org.jamesfix.table.index.IndexCompiler;
import org.jamesfix.table.text.TextTableFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadableTableTest {
    @TempDir
    Path dir;
    private Path file;
    private TableRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("table");
        write("alice v1\nbob v1\n");
        registry = TableRegistry.of(Map.of("file", FileTable::open), dir);
    }

    @Test
    void reloadShouldDoNothingWhileSourcesAreUnchanged() {
        ReloadableTable table = ReloadableTable.open("file:table", registry);

        assertThat(table.reloadIfChanged()).isEqualTo(Outcome.UNCHANGED);
        assertThat(table.reloadCount()).isZero();
    }

    @Test
    void reloadShouldSwapInChangedTableOnceItSettled() throws IOException {
        ReloadableTable table = ReloadableTable.open("file:table", registry);
        write("alice v2\nbob v2\ncarol v2\n");

        assertThat(table.reloadIfChanged()).isEqualTo(Outcome.CHANGING);
        assertThat(table.lookup("alice")).isEqualTo(LookupResult.found("v1"));
        assertThat(table.reloadIfChanged()).isEqualTo(Outcome.RELOADED);
        assertThat(table.lookup("alice")).isEqualTo(LookupResult.found("v2"));
        assertThat(table.lookup("carol")).isEqualTo(LookupResult.found("v2"));
        assertThat(table.reloadCount()).isOne();
    }

    @Test
    void reloadShouldKeepLastGoodVersionWhenNewOneIsBroken() throws IOException {
        ReloadableTable table = ReloadableTable.open("file:table", registry);
        write("alice v2\nbroken-line-without-value\n");

        table.reloadIfChanged();
        assertThat(table.reloadIfChanged()).isEqualTo(Outcome.FAILED);

        assertThat(table.lookup("alice")).isEqualTo(LookupResult.found("v1"));
        assertThat(table.failedReloadCount()).isOne();
        assertThat(table.lastError()).isEqualTo(file + ", line 2: expected format: key whitespace value");
        assertThat(table.reloadIfChanged()).as("the same broken file is not retried").isEqualTo(Outcome.UNCHANGED);

        write("alice v3\n");
        table.reloadIfChanged();
        assertThat(table.reloadIfChanged()).isEqualTo(Outcome.RELOADED);
        assertThat(table.lookup("alice")).isEqualTo(LookupResult.found("v3"));
        assertThat(table.lastError()).isEmpty();
    }

    @Test
    void openShouldFailWithFileAndLineWhenTableIsBrokenAtStart() throws IOException {
        write("alice\n");

        assertThatThrownBy(() -> ReloadableTable.open("file:table", registry))
            .isInstanceOf(ConfigException.class)
            .hasMessage(file + ", line 1: expected format: key whitespace value");
    }

    @Test
    void lookupsShouldAlwaysSeeOneWholeVersionDuringReloads() throws Exception {
        write("alice 0\nbob 0\n");
        ReloadableTable table = ReloadableTable.open("file:table", registry);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> mismatch = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                LookupResult alice = table.lookup("alice");
                LookupResult bob = table.lookup("bob");
                // A reload between the two lookups is fine; a half-loaded table is not.
                if (!(alice instanceof LookupResult.Found) || !(bob instanceof LookupResult.Found)) {
                    mismatch.set(alice + " / " + bob);
                }
            }
        });
        reader.start();
        for (int generation = 1; generation <= 50; generation++) {
            write("alice " + generation + "\nbob " + generation + "\n");
            while (table.reloadIfChanged() != Outcome.RELOADED) {
                Thread.onSpinWait();
            }
        }
        stop.set(true);
        reader.join();

        assertThat(mismatch.get()).isNull();
        assertThat(table.lookup("alice")).isEqualTo(LookupResult.found("50"));
    }

    @Test
    void indexedTableShouldRefuseEditedSourceUntilPostmapRecompilesIt() throws IOException {
        write("alice v1\n");
        IndexCompiler.compile(file, true);
        ReloadableTable table = ReloadableTable.open("hash:table", TableRegistry.standard(dir));

        write("alice v2\n");
        table.reloadIfChanged();
        assertThat(table.reloadIfChanged()).isEqualTo(Outcome.FAILED);
        assertThat(table.lastError()).contains("run \"postmap hash:table\"");
        assertThat(table.lookup("alice")).isEqualTo(LookupResult.found("v1"));

        IndexCompiler.compile(file, true);
        table.reloadIfChanged();
        assertThat(table.reloadIfChanged()).isEqualTo(Outcome.RELOADED);
        assertThat(table.lookup("ALICE")).isEqualTo(LookupResult.found("v2"));
    }

    // Writes atomically (as an editor or deployment tool should), so a poll sees old or new.
    private void write(String content) throws IOException {
        Path temp = Files.createTempFile(dir, "table", ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A file-backed table for these tests: the postmap text format in a map. */
    private record FileTable(String spec, Path file, Map<String, String> entries) implements LookupTable {
        static FileTable open(String spec, String name, TableRegistry registry) {
            Path file = registry.resolve(name);
            Map<String, String> entries = new java.util.HashMap<>();
            TextTableFile.read(file, true).entries().forEach(entry -> entries.put(entry.key(), entry.value()));
            return new FileTable(spec, file, Map.copyOf(entries));
        }

        @Override
        public LookupResult lookup(String key) {
            String value = entries.get(key);
            return value == null ? LookupResult.notFound() : LookupResult.found(value);
        }

        @Override
        public List<Path> sources() {
            return List.of(file);
        }
    }
}
