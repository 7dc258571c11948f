package org.jamesfix.table.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.LookupTableContract;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** texthash: against the table contract, plus what only a file-backed hash shows. */
class TexthashTableTest implements LookupTableContract {
    @TempDir
    Path dir;

    @BeforeEach
    void writeTable() throws IOException {
        Files.writeString(dir.resolve("access"), "Example.COM  REJECT go away\nuser@ OK\n");
    }

    @Override
    public String spec() {
        return "texthash:access";
    }

    @Override
    public LookupTable open() {
        return TableRegistry.standard(dir).open(spec());
    }

    @Override
    public String presentKey() {
        return "EXAMPLE.com";
    }

    @Override
    public String presentValue() {
        return "REJECT go away";
    }

    @Override
    public Optional<String> absentKey() {
        return Optional.of("example.org");
    }

    @Override
    public boolean fileBacked() {
        return true;
    }

    @Test
    void hitsShouldReturnTheFoundBuiltAtOpen() {
        LookupTable table = open();
        assertThat(table.lookup("example.com")).isSameAs(table.lookup("EXAMPLE.COM"));
    }

    @Test
    void sourcesShouldBeTheResolvedFile() {
        assertThat(open().sources()).containsExactly(dir.resolve("access"));
    }

    @Test
    void openShouldFailWithTheLineWhenAKeyIsDuplicated() throws IOException {
        Files.writeString(dir.resolve("dup"), "a 1\nb 2\nA 3\n");
        assertThatThrownBy(() -> TableRegistry.standard(dir).open("texthash:dup"))
            .isInstanceOfSatisfying(ConfigException.class, e -> {
                assertThat(e.getFile()).isEqualTo(dir.resolve("dup").toString());
                assertThat(e.getLine()).isEqualTo(3);
                assertThat(e.getProblem()).isEqualTo("duplicate entry: \"a\"");
            });
    }
}
