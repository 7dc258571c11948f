package org.jamesfix.table.regexp;

import static org.jamesfix.ShortFuzzRun.LONG_RUN;
import static org.jamesfix.ShortFuzzRun.parts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jamesfix.ShortFuzzRun;
import org.jamesfix.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for regexp: and pcre: tables. The translators take "pattern NUL flags NUL key":
 * only PatternException may leave them (a PatternSyntaxException from java.util.regex would be a
 * translation bug), and a pattern that compiles must match any key without throwing, within a
 * small read budget. The table targets take "table text NUL key": only ConfigException at open,
 * nothing at lookup. See AddressFuzzTest for how the targets run.
 */
class PatternFuzzTest {
    // Small, so a backtracking pattern costs the fuzzer microseconds; the limit itself is PatternTableTest's.
    private static final int FUZZ_MATCH_LIMIT = 100_000;
    private static final Path FILE = Path.of("fuzz.table");
    private static final List<String> KEYS = List.of("user@example.com", "a".repeat(40) + "!", "");

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"^", "$", ".", "*", "+", "?", "|", "(", ")", "[", "]", "[^", "{", "}", "{2,3}", "\\", "\\1", "\\.",
        "[[:alpha:]]", "[[:digit:]]", "[[.", "[[=", "[:", ":]", "-", "\0", "i", "x", "m", "s", "\\<", "\\>", "\\b", "\\w",
        "(a+)+", "@example\\.com"})
    void posix(byte[] input) {
        translate(Dialect.REGEXP, input);
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"^", "$", ".", "*", "+", "?", "|", "(", ")", "(?:", "(?i)", "(?=", "(?!", "(?<=", "(?<!", "(?<n>",
        "(?P<n>", "(?#", "[", "]", "[^", "{", "}", "{2,}", "\\", "\\1", "\\g{1}", "\\k<n>", "\\x{41}", "\\Q", "\\E", "\\p{L}",
        "\\d", "\\s", "\\A", "\\z", "\\Z", "[[:alpha:]]", "*+", "++", "?+", "\0", "i", "x", "m", "s", "A", "E", "U", "X",
        "(a+)+", "@example\\.com"})
    void pcre(byte[] input) {
        translate(Dialect.PCRE, input);
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"#", "/", "!", "!/", "if ", "endif", "IF", "ENDIF", "/i", "/x", "$1", "${1}", "$$", " ",
        " REJECT", " OK", "(", ")", ".*", "^", "$", "|", "\\", "[", "]", "\0"})
    void regexpTable(byte[] input) {
        table(Dialect.REGEXP, input);
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"#", "/", "!", "if ", "endif", "/i", "/A", "/X", "/U", "$1", "${1}", "$$", " ",
        " REJECT", " OK", "(", ")", "(?:", ".*", "^", "$", "|", "\\", "[", "]", "\0"})
    void pcreTable(byte[] input) {
        table(Dialect.PCRE, input);
    }

    private static void translate(Dialect dialect, byte[] input) {
        String[] parts = parts(input, 3);
        CompiledPattern compiled;
        try {
            compiled = dialect.compile(bytes(parts[0]), parts[1]);
        } catch (PatternException expected) {
            return;
        }
        try {
            for (String key : List.of(bytes(parts[2]), KEYS.get(0), KEYS.get(1))) {
                compiled.matches(compiled.matcher(new BoundedKey(key, FUZZ_MATCH_LIMIT)));
            }
        } catch (BoundedKey.MatchLimitExceeded expected) {
            // a runaway match: the table answers it as a failed lookup
        }
    }

    private static void table(Dialect dialect, byte[] input) {
        String[] parts = parts(input, 2);
        PatternTable table;
        try {
            table = PatternTableType.parse(dialect, dialect.typeName() + ":fuzz", FILE, bytes(parts[0])).withMatchLimit(FUZZ_MATCH_LIMIT);
        } catch (ConfigException expected) {
            return;
        }
        table.lookup(parts[1]);
        KEYS.forEach(table::lookup);
    }

    /** The byte string the table file would hold (tables are read as bytes, like Postfix). */
    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void posixShouldOnlyThrowPatternExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "posix", input -> translate(Dialect.REGEXP, input));
    }

    @Test
    void pcreShouldOnlyThrowPatternExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "pcre", input -> translate(Dialect.PCRE, input));
    }

    @Test
    void regexpTableShouldOnlyThrowConfigExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "regexpTable", input -> table(Dialect.REGEXP, input));
    }

    @Test
    void pcreTableShouldOnlyThrowConfigExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "pcreTable", input -> table(Dialect.PCRE, input));
    }
}
