package org.jamesfix.table.simple;

import static org.jamesfix.ShortFuzzRun.LONG_RUN;
import static org.jamesfix.ShortFuzzRun.parts;

import java.nio.file.Path;
import java.util.Map;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jamesfix.ShortFuzzRun;
import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.TableType;
import org.jamesfix.table.cidr.CidrTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for the brace syntax of tables written in line: BraceSyntax itself (never
 * throws), and whole specs "inline:{...}", "static:{...}", "unionmap:{...}", "pipemap:{...}",
 * "cidr:{...}" (input: spec NUL key), which open or fail with ConfigException and then answer
 * any key. The registry holds only in-memory types, so no spec reaches a file. See
 * AddressFuzzTest for how the targets run.
 */
class InlineTableFuzzTest {
    private static final TableRegistry REGISTRY = TableRegistry.of(Map.<String, TableType>of(
        "inline", HashTable::openInline, "static", StaticTable::open, "unionmap", UnionMapTable::open,
        "pipemap", PipeMapTable::open, "cidr", CidrTable::open), Path.of("/nonexistent"));

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"{", "}", "{ ", " }", ",", ", ", " ", "\t", "=", "a=b", "{a = b}", "{ {", "} }"})
    void braces(byte[] input) {
        String text = ShortFuzzRun.text(input);
        BraceSyntax.inside(text);
        for (String item : BraceSyntax.items(text)) {
            BraceSyntax.unwrap(item);
        }
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"inline:", "static:", "unionmap:", "pipemap:", "cidr:", "{", "}", "{ ", " }", ",", " ", "=", "a=b",
        "{a = b}", "{ {", "} }", "inline:{a=b}", "static:{x y}", "192.0.2.0/24 OK", "if 10.0.0.0/8", "endif", "\0", "a",
        "192.0.2.1"})
    void spec(byte[] input) {
        String[] parts = parts(input, 2);
        LookupTable table;
        try {
            table = REGISTRY.open(parts[0]);
        } catch (ConfigException expected) {
            return;
        }
        table.lookup(parts[1]);
        table.lookup("a");
    }

    @Test
    void bracesShouldNeverThrowOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "braces", this::braces);
    }

    @Test
    void specShouldOnlyThrowConfigExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "spec", this::spec);
    }
}
