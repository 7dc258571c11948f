package org.jamesfix.table.regexp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jamesfix.table.LookupTable;
import org.jamesfix.table.LookupTableContract;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** pcre: against the table contract. */
class PcreTableContractTest implements LookupTableContract {
    @TempDir
    Path dir;

    @BeforeEach
    void writeTable() throws IOException {
        Files.writeString(dir.resolve("senders.pcre"), "/^(.*)@spam\\.example$/ REJECT $1 is spam\n/@ham\\.example$/ OK\n");
    }

    @Override
    public String spec() {
        return "pcre:senders.pcre";
    }

    @Override
    public LookupTable open() {
        return TableRegistry.standard(dir).open(spec());
    }

    @Override
    public String presentKey() {
        return "Promo@spam.example";
    }

    @Override
    public String presentValue() {
        return "REJECT Promo is spam";
    }

    @Override
    public Optional<String> absentKey() {
        return Optional.of("someone@example.org");
    }

    @Override
    public boolean fileBacked() {
        return true;
    }
}
