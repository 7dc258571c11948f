package org.jamesfix.table.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.LookupTableContract;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;

/** inline: against the table contract. */
class InlineTableTest implements LookupTableContract {

    @Override
    public String spec() {
        return "inline:{ user@example.com=OK, { Spam@example.com = REJECT no, thanks } }";
    }

    @Override
    public LookupTable open() {
        return TableRegistry.standard(Path.of("/nonexistent")).open(spec());
    }

    @Override
    public String presentKey() {
        return "spam@EXAMPLE.com";
    }

    @Override
    public String presentValue() {
        return "REJECT no, thanks";
    }

    @Override
    public Optional<String> absentKey() {
        return Optional.of("other@example.com");
    }

    @Override
    public boolean fileBacked() {
        return false;
    }

    @Test
    void hitsShouldReturnTheFoundBuiltAtOpen() {
        LookupTable table = open();
        assertThat(table.lookup("user@example.com")).isSameAs(table.lookup("USER@example.com"))
            .isEqualTo(LookupResult.found("OK"));
    }

    @Test
    void patternsShouldNotApply() {
        assertThat(open().matchesWholeStringOnly()).isFalse();
    }
}
