package org.jamesfix.table.text;

import static org.jamesfix.ShortFuzzRun.LONG_RUN;
import static org.jamesfix.ShortFuzzRun.text;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jamesfix.ShortFuzzRun;
import org.jamesfix.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the postmap source format (texthash: and the indexed types): parse, with and
 * without key folding, or fail with ConfigException. See AddressFuzzTest for how the targets run.
 */
class TextTableFuzzTest {
    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"#", " ", "\t", "key", "value", "@example.com", "REJECT", "Ä"})
    void source(byte[] input) {
        String text = text(input);
        for (boolean fold : new boolean[] {true, false}) {
            try {
                TextTableFile.parse(text, "table", fold);
            } catch (ConfigException expected) {
                // the parser's own error
            }
        }
    }

    @Test
    void sourceShouldOnlyThrowConfigExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "source", this::source);
    }
}
