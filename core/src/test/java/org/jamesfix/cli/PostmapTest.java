package org.jamesfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.TableType;
import org.jamesfix.table.index.IndexedTableType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** postmap with table types that have no index (the golden files cover the indexed ones). */
class PostmapTest {
    // A stand-in for a non-indexed type such as texthash: answers "value" for "key".
    private static final TableType ONE_ENTRY = (spec, name, registry) -> new LookupTable() {
        @Override
        public String spec() {
            return spec;
        }

        @Override
        public LookupResult lookup(String key) {
            return key.equals("key") ? LookupResult.found("value") : LookupResult.notFound();
        }
    };

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        TableRegistry registry = TableRegistry.of(Map.of("hash", IndexedTableType.INSTANCE, "texthash", ONE_ENTRY, "regexp", ONE_ENTRY), Path.of(""));
        return Postmap.run(args, new ByteArrayInputStream("key\nother\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), registry);
    }

    @Test
    void compileShouldRefuseATypeWithoutIndexLikePostfix() {
        // Postfix 3.7.11: "postmap: fatal: unsupported dictionary type: texthash does not support
        // bulk-mode creation.", exit 1.
        assertThat(run("texthash:" + dir.resolve("t"))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
            .isEqualTo("postmap: fatal: unsupported dictionary type: texthash does not support bulk-mode creation.\n");
    }

    @Test
    void queryShouldOpenAnyRegisteredType() {
        assertThat(run("-q", "key", "texthash:t")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("value\n");
    }

    @Test
    void queryFromStandardInputShouldSearchAnyRegisteredType() {
        assertThat(run("-q", "-", "texthash:t")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("key\tvalue\n");
    }

    @Test
    void queryShouldFallThroughAnIndexedTableToTheNextMap() throws Exception {
        Path table = dir.resolve("virtual");
        Files.writeString(table, "a b\n");
        assertThat(run(table.toString())).isZero();
        assertThat(run("-q", "key", "hash:" + table, "texthash:t")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("value\n");
    }

    @Test
    void sequenceShouldBeRefusedForATypeThatCannotListItsEntries() {
        // Postfix 3.7.11, "postmap -s regexp:re": "postmap: fatal: table regexp:re: sequence operation is not supported".
        assertThat(run("-s", "regexp:re")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("postmap: fatal: table regexp:re: sequence operation is not supported\n");
    }

    @Test
    void sequenceShouldListTexthashEntries() throws Exception {
        // Postfix 3.7.11 "postmap -s texthash:t" lists key<TAB>value (in hash order).
        Files.writeString(dir.resolve("t"), "Alice a@example.test\nbob b@example.test\n");

        int status = Postmap.run(new String[] {"-s", "texthash:t"}, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            TableRegistry.standard(dir));

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactlyInAnyOrder("alice\ta@example.test", "bob\tb@example.test");
    }
}
