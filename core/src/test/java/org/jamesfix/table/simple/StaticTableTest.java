package org.jamesfix.table.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.LookupTableContract;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;

/** static: against the table contract: every key is present. */
class StaticTableTest implements LookupTableContract {

    @Override
    public String spec() {
        return "static:{ smtp:[relay.example.com]:587 }";
    }

    @Override
    public LookupTable open() {
        return TableRegistry.standard(Path.of("/nonexistent")).open(spec());
    }

    @Override
    public String presentKey() {
        return "anything";
    }

    @Override
    public String presentValue() {
        return "smtp:[relay.example.com]:587";
    }

    @Override
    public Optional<String> absentKey() {
        return Optional.empty();
    }

    /** static: has no absent key: any key finds the value. */
    @Override
    @Test
    public void lookupShouldReturnNotFoundWhenTheKeyIsAbsent() {
        assertThat(open().lookup("any.key@anywhere.example")).isEqualTo(new LookupResult.Found(presentValue()));
    }

    @Override
    public boolean fileBacked() {
        return false;
    }

    @Test
    void everyKeyShouldGetTheSameFoundInstance() {
        LookupTable table = open();
        assertThat(table.lookup("a")).isSameAs(table.lookup("")).isSameAs(table.lookup("@example.com"));
    }
}
