package org.jamesfix.table.regexp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class PatternTableTest {
    @TempDir
    Path configDir;

    private LookupTable open(String type, String text) throws IOException {
        Files.writeString(configDir.resolve("table"), text, StandardCharsets.UTF_8);
        return TableRegistry.standard(configDir).open(type + ":table");
    }

    /** The error opening {@code text}, or null when it opens. */
    private ConfigException openError(String type, String text) {
        try {
            open(type, text);
            return null;
        } catch (ConfigException e) {
            return e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void lookupShouldSubstituteGroups() throws IOException {
        LookupTable table = open("regexp", "/^(.*)-outgoing@(.*)$/ 550 Use ${1}@$2 instead, $$5\n");

        assertThat(table.lookup("list-outgoing@example.com")).isEqualTo(LookupResult.found("550 Use list@example.com instead, $5"));
    }

    @Test
    void lookupShouldSubstituteEmptyTextForGroupsThatDidNotMatch() throws IOException {
        LookupTable table = open("pcre", "/^(a)(b)?$/ [$1][$2]\n");

        assertThat(table.lookup("a")).isEqualTo(LookupResult.found("[a][]"));
    }

    @Test
    void lookupShouldReturnTheFirstMatchingRuleInFileOrder() throws IOException {
        LookupTable table = open("pcre", "/b/ second-in-key\n/a/ first-in-key\n");

        assertThat(table.lookup("ab")).isEqualTo(LookupResult.found("second-in-key"));
        assertThat(table.lookup("zzz")).isEqualTo(LookupResult.notFound());
    }

    @Test
    void lookupShouldMatchCaseInsensitivelyWithoutFoldingTheKey() throws IOException {
        LookupTable table = open("regexp", "/^(USER)@/ $1\n/^Strict$/i strict\n");

        assertThat(table.lookup("user@example.com")).isEqualTo(LookupResult.found("user"));
        assertThat(table.lookup("strict")).isEqualTo(LookupResult.notFound());
        assertThat(table.lookup("Strict")).isEqualTo(LookupResult.found("strict"));
    }

    @Test
    void lookupShouldSkipAnIfBlockWhoseTestFails() throws IOException {
        LookupTable table = open("regexp", "if !/^owner-/\n/outgoing/ inner\nendif\n/./ outer\n");

        assertThat(table.lookup("list-outgoing")).isEqualTo(LookupResult.found("inner"));
        assertThat(table.lookup("owner-list-outgoing")).isEqualTo(LookupResult.found("outer"));
    }

    // Postfix 3.7.11 (PCRE2), postmap -q "$(python3 -c 'print("a"*5000+"!")')" pcre:t.pcre gives
    // "warning: pcre map t.pcre, line 1: match limit exceeded" and no answer; a following
    // "/a/ OK" rule answers OK. We fail the lookup instead (see PatternTable's DEVIATION).
    private static final String RUNAWAY_KEY = "a".repeat(5000) + "!";

    @Test
    @Timeout(10)
    void lookupShouldFailWhenAMatchRunsAway() throws IOException {
        LookupTable table = open("pcre", "/^(a+)+$/ REJECT\n/a/ OK\n");

        assertThat(table.lookup(RUNAWAY_KEY))
            .isEqualTo(LookupResult.failed(configDir.resolve("table") + ", line 1: match limit exceeded"));
    }

    @Test
    @Timeout(10)
    void lookupShouldFailWhenAMatchWouldTakeExponentialTime() throws IOException {
        // java.util.regex memoizes (a+)+ but not ((a+)+)+: 24 a's take a second unbounded, 60 would take years.
        LookupTable table = open("pcre", "/^((a+)+)+$/ REJECT\n");

        assertThat(table.lookup("a".repeat(60) + "!")).isInstanceOf(LookupResult.Failed.class);
    }

    @Test
    @Timeout(10)
    void lookupShouldFailWhenARegexpMatchRunsAway() throws IOException {
        LookupTable table = open("regexp", "/^(a+)+$/ REJECT\n");

        assertThat(table.lookup(RUNAWAY_KEY)).isInstanceOf(LookupResult.Failed.class);
    }

    @Test
    @Timeout(10)
    void lookupShouldFailWhenAnIfOrANegatedTestRunsAway() throws IOException {
        LookupTable conditional = open("pcre", "if /^(a+)+$/\n/a/ inner\nendif\n/a/ outer\n");
        LookupTable negated = open("pcre", "!/^(a+)+$/ NEG\n");

        assertThat(conditional.lookup(RUNAWAY_KEY)).isEqualTo(
            LookupResult.failed(configDir.resolve("table") + ", line 1: match limit exceeded"));
        assertThat(negated.lookup(RUNAWAY_KEY)).isInstanceOf(LookupResult.Failed.class);
    }

    @Test
    void lookupShouldStillMatchALongKeyThatNeedsNoBacktracking() throws IOException {
        LookupTable table = open("pcre", "/^(a+)+$/ REJECT\n");

        assertThat(table.lookup("a".repeat(5000))).isEqualTo(LookupResult.found("REJECT"));
        assertThat(table.lookup("aaaa!")).isEqualTo(LookupResult.notFound());
    }

    @Test
    void matchLimitShouldApplyToEachMatchNotToTheWholeLookup() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < 20; r++) {
            text.append("/x").append(r).append("$/ rule").append(r).append('\n');
        }
        // Each rule reads the 300-byte key about 300 times; twenty of them exceed 1000 together.
        PatternTable table = ((PatternTable) open("pcre", text.toString())).withoutPrefilter().withMatchLimit(1000);

        assertThat(table.lookup("b".repeat(297) + "x19")).isEqualTo(LookupResult.found("rule19"));
    }

    @Test
    @Timeout(10)
    void lookupShouldMergeStackedPosixQuantifiersInsteadOfNestingThem() throws IOException {
        // Found by fuzzing: ".********" became eight nested (?:...)* and one lookup took minutes.
        LookupTable table = open("regexp", "/^(.********)-outgoing@(.*)$/ $1 at $2\n/^x(a+?)(b?+)(c??)(d++)$/ [$1][$2][$3][$4]\n");

        assertThat(table.lookup("list-outgoing@ex}ample.com")).isEqualTo(LookupResult.found("list at ex}ample.com"));
        assertThat(table.lookup("xaabdd")).isEqualTo(LookupResult.found("[aa][b][][dd]"));
        assertThat(table.lookup("xd")).isEqualTo(LookupResult.found("[][][][d]"));
        assertThat(PosixTranslator.compile("a**b+?c??d++e?*", "").pattern().pattern()).isEqualTo("a*b*c?d+e*");
    }

    @Test
    void tableShouldMatchWholeStringsOnlyAndNameItsFile() throws IOException {
        LookupTable table = open("regexp", "/a/ b\n");

        assertThat(table.matchesWholeStringOnly()).isTrue();
        assertThat(table.sources()).containsExactly(configDir.resolve("table"));
        assertThat(table.spec()).isEqualTo("regexp:table");
    }

    @Test
    void openShouldRejectAnUnclosedPatternWithFileAndLine() {
        ConfigException error = openError("regexp", "/a/ ok\n/abc x\n");

        assertThat(error.getFile()).isEqualTo(configDir.resolve("table").toString());
        assertThat(error.getLine()).isEqualTo(2);
        assertThat(error.getProblem()).isEqualTo("no closing regexp delimiter \"/\"");
    }

    @Test
    void openShouldRejectABadRegularExpression() {
        assertThat(openError("pcre", "/a(/ x\n").getProblem()).isEqualTo("error in regex: missing closing parenthesis");
        assertThat(openError("regexp", "/a(/ x\n").getProblem()).isEqualTo("Unmatched ( or \\(");
    }

    @Test
    void openShouldRejectPcreNumbersTooBigWhateverTheirLength() {
        // Found by fuzzing: 30-digit counts and \\x{ffffffff} threw NumberFormatException. Reasons
        // as Postfix 3.7.11 postmap gives them (PCRE2 refuses counts over 65535).
        assertThat(openError("pcre", "/a{2,222222222222222222222222222222}/ x\n").getProblem())
            .isEqualTo("error in regex: number too big in {} quantifier");
        assertThat(openError("pcre", "/a{99999999999999999999,2}/ x\n").getProblem())
            .isEqualTo("error in regex: number too big in {} quantifier");
        assertThat(openError("pcre", "/a{70000}/ x\n").getProblem()).isEqualTo("error in regex: number too big in {} quantifier");
        assertThat(openError("pcre", "/a{3,2}/ x\n").getProblem()).isEqualTo("error in regex: numbers out of order in {} quantifier");
        assertThat(openError("pcre", "/a{65535}/ x\n")).isNull();
        assertThat(openError("pcre", "/\\x{ffffffff}/ x\n").getProblem())
            .isEqualTo("error in regex: character code point value in \\x{} or \\o{} is too large");
    }

    @Test
    void openShouldRejectAnUnknownFlag() {
        assertThat(openError("pcre", "\n/a/Z x\n").getMessage()).endsWith("table, line 2: unknown regexp option \"Z\"");
    }

    @Test
    void openShouldRejectAMissingEndifAtTheIfLine() {
        ConfigException error = openError("regexp", "/x/ y\nif /a/\n/b/ c\n");

        assertThat(error.getLine()).isEqualTo(2);
        assertThat(error.getProblem()).isEqualTo("IF has no matching ENDIF");
    }

    @Test
    void openShouldRejectEndifWithoutIf() {
        assertThat(openError("pcre", "endif\n").getProblem()).isEqualTo("ENDIF without matching IF");
    }

    @Test
    void openShouldRejectAReferenceToAMissingGroup() {
        assertThat(openError("pcre", "/(a)/ $2\n").getProblem()).isEqualTo("out of range replacement index \"2\"");
        assertThat(openError("regexp", "!/(a)/ $1\n").getProblem()).isEqualTo("$number found in negative match replacement text");
    }

    @Test
    void openShouldRejectPosixBracketSyntaxJavaCannotExpress() {
        assertThat(openError("regexp", "/[[.a.]]/ x\n").getProblem()).isEqualTo("POSIX collating element [.a.] is not supported");
    }

    @Test
    void openShouldReportAMissingFile() {
        assertThatThrownBy(() -> TableRegistry.standard(configDir).open("pcre:missing"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("missing");
    }

    @Test
    void prefilterShouldNeverChangeAnswers() throws IOException {
        Random random = new Random(42);
        for (String type : List.of("regexp", "pcre")) {
            for (int round = 0; round < 20; round++) {
                List<String> rules = new ArrayList<>();
                while (rules.size() < 40) {
                    String rule = randomRule(random, type);
                    if (openError(type, rule + "\n") == null) {
                        rules.add(rule);
                    }
                }
                PatternTable table = (PatternTable) open(type, String.join("\n", rules) + "\n");
                PatternTable naive = table.withoutPrefilter();
                for (int k = 0; k < 300; k++) {
                    String key = randomText(random, 1 + random.nextInt(8));
                    assertThat(table.lookup(key)).as("%s key %s in%n%s", type, key, String.join("\n", rules)).isEqualTo(naive.lookup(key));
                }
            }
        }
    }

    /** A random rule built from small pieces over a tiny alphabet, so that keys often match. */
    private static String randomRule(Random random, String type) {
        String[] pieces = {"a", "b", "A", "ab", "ba", "a*", "b+", "a?", "(a)", "(ab|b)", "[ab]", ".", "x", "a{2}", "|", "^", "$",
            "(b)*", "\\.", "[[:upper:]]", "a+*"};
        StringBuilder pattern = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            pattern.append(pieces[random.nextInt(pieces.length)]);
        }
        String flags = random.nextBoolean() ? "" : "i";
        String negation = random.nextInt(5) == 0 ? "!" : "";
        if (random.nextInt(8) == 0) {
            return "if " + negation + "/" + pattern + "/" + flags + "\n/" + pattern + "b/ in-if\nendif";
        }
        return negation + "/" + pattern + "/" + flags + " rule-" + random.nextInt(1000);
    }

    private static String randomText(Random random, int length) {
        String alphabet = "abABx.é";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @Test
    void prefilterShouldCoverEveryRuleOfATypicalThousandRuleTable() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < 1000; r++) {
            text.append(switch (r % 4) {
                case 0 -> "/^user" + r + "@example\\.com$/ OK\n";
                case 1 -> "/@domain" + r + "\\.(com|net)$/ REJECT\n";
                case 2 -> "/^[^@]+@host" + r + "\\./ DUNNO\n";
                default -> "/^(.*)\\.spam" + r + "\\.example$/ 550 $1\n";
            });
        }
        PatternTable table = (PatternTable) open("regexp", text.toString());
        String key = "someone.else@unrelated.example.org";
        assertThat(table.lookup(key)).isEqualTo(LookupResult.notFound());
        // Every rule has a required literal, so a key containing none of them runs no regex.
        // Speed itself is measured by benchmarks/TableLookupBenchmark, not here.
        assertThat(table.prefilteredRuleCount()).isEqualTo(1000);
    }
}
