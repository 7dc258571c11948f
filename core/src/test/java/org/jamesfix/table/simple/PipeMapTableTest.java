package org.jamesfix.table.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jamesfix.table.LookupTable;
import org.jamesfix.table.LookupTableContract;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pipemap: against the table contract. */
class PipeMapTableTest implements LookupTableContract {
    @TempDir
    Path dir;

    @BeforeEach
    void writeTables() throws IOException {
        Files.writeString(dir.resolve("first"), "alice@example.com staff\n");
        Files.writeString(dir.resolve("second"), "staff 10.0.0.1\n");
    }

    @Override
    public String spec() {
        return "pipemap:{texthash:first, texthash:second, cidr:{ {10.0.0.0/8 OK} }}";
    }

    @Override
    public LookupTable open() {
        return TableRegistry.standard(dir).open(spec());
    }

    @Override
    public String presentKey() {
        return "Alice@Example.com";
    }

    @Override
    public String presentValue() {
        return "OK";
    }

    @Override
    public Optional<String> absentKey() {
        return Optional.of("bob@example.com");
    }

    @Override
    public boolean fileBacked() {
        return true;
    }

    @Test
    void sourcesShouldBeTheNestedFilesInOrder() {
        assertThat(open().sources()).containsExactly(dir.resolve("first"), dir.resolve("second"));
    }

    @Test
    void theLastTablesHitShouldBeReturnedAsIs() {
        LookupTable table = open();
        assertThat(table.lookup("alice@example.com")).isSameAs(table.lookup("ALICE@example.com"));
    }
}
