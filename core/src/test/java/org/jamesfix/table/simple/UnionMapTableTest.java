package org.jamesfix.table.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.LookupTableContract;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * unionmap: against the table contract, plus Postfix 3.7.11's joins with empty values
 * (postmap -q a 'unionmap:{inline:{a=}, inline:{a=2}}' prints "2"; with the tables swapped "1,";
 * with two empty values nothing, exit 1), shown here with a test type whose values are empty.
 */
class UnionMapTableTest implements LookupTableContract {
    @TempDir
    Path dir;

    @BeforeEach
    void writeTable() throws IOException {
        Files.writeString(dir.resolve("senders"), "alice@example.com alice\n");
    }

    private TableRegistry registry() {
        return TableRegistry.standard(dir).with("empty", (spec, name, registry) -> new EmptyValueTable(spec));
    }

    @Override
    public String spec() {
        return "unionmap:{texthash:senders, inline:{alice@example.com=a2}, cidr:{ {10.0.0.0/8 net} }}";
    }

    @Override
    public LookupTable open() {
        return registry().open(spec());
    }

    @Override
    public String presentKey() {
        return "alice@example.com";
    }

    @Override
    public String presentValue() {
        return "alice,a2";
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
    void emptyValuesShouldJoinAsPostfixJoinsThem() {
        assertThat(registry().open("unionmap:{empty:x, static:2}").lookup("a")).isEqualTo(LookupResult.found("2"));
        assertThat(registry().open("unionmap:{static:1, empty:x}").lookup("a")).isEqualTo(LookupResult.found("1,"));
        assertThat(registry().open("unionmap:{empty:x, empty:y}").lookup("a")).isEqualTo(LookupResult.notFound());
        assertThat(registry().open("unionmap:{empty:x}").lookup("a")).isEqualTo(LookupResult.notFound());
    }

    @Test
    void aSingleHitShouldBeReturnedAsFound() {
        LookupTable table = registry().open("unionmap:{inline:{a=1}, inline:{b=2}}");
        assertThat(table.lookup("a")).isSameAs(table.lookup("A"));
    }

    @Test
    void theFirstTableShouldDecideWholeStringMatching() {
        assertThat(registry().open("unionmap:{cidr:{ {10.0.0.0/8 x} }, static:y}").matchesWholeStringOnly()).isTrue();
        assertThat(registry().open("unionmap:{static:y, cidr:{ {10.0.0.0/8 x} }}").matchesWholeStringOnly()).isFalse();
    }

    @Test
    void pipemapShouldPassAnEmptyValueOnAsTheEmptyKey() {
        // Postfix 3.7.11: postmap -q a 'pipemap:{inline:{a=}, inline:{=c}}' prints "c".
        assertThat(registry().open("pipemap:{empty:x, inline:{=c}}").lookup("a")).isEqualTo(LookupResult.found("c"));
    }

    /** Finds every key with the empty value (as Postfix's inline:{a=} does for "a"). */
    private record EmptyValueTable(String spec) implements LookupTable {
        @Override
        public LookupResult lookup(String key) {
            return LookupResult.found("");
        }
    }
}
