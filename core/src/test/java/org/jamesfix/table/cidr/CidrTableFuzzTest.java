package org.jamesfix.table.cidr;

import static org.jamesfix.ShortFuzzRun.LONG_RUN;
import static org.jamesfix.ShortFuzzRun.parts;

import java.util.List;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jamesfix.ShortFuzzRun;
import org.jamesfix.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for cidr tables: the table text (before the first NUL of the input) must parse or
 * fail with ConfigException; a table that parses must answer any key (after the NUL: the client
 * address, or a HELO name a restriction looks up) without throwing. See AddressFuzzTest for how
 * the targets run.
 */
class CidrTableFuzzTest {
    private static final List<String> KEYS = List.of("192.0.2.1", "::1", "::ffff:192.0.2.1", "2001:db8::1", "10.0.0.255");

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"#", "/", "[", "]", "!", ":", "::", ".", "if ", "endif", "IF", "ENDIF", "192.0.2.0/24",
        "10.0.0.0/8", "2001:db8::/32", "::ffff:", "0.0.0.0/0", "/33", "/129", " REJECT", " OK", "\0", "255"})
    void table(byte[] input) {
        String[] parts = parts(input, 2);
        List<CidrRule> rules;
        try {
            rules = CidrTableParser.parse(parts[0], "cidr");
        } catch (ConfigException expected) {
            return;
        }
        CidrTable table = new CidrTable("cidr:fuzz", rules, List.of());
        table.lookup(parts[1]);
        KEYS.forEach(table::lookup);
    }

    @Test
    void tableShouldOnlyThrowConfigExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "table", this::table);
    }
}
