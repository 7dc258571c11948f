package org.jamesfix.table.regexp;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;

/**
 * An opened regexp: or pcre: table (util/dict_regexp.c, util/dict_pcre.c): rules are tried in
 * file order against the whole key, as given (no case folding of the key: patterns are case
 * insensitive by default instead); the first match rule that matches answers; "if" blocks are
 * skipped when their test fails. Keys are matched as UTF-8 bytes, as Postfix does.
 *
 * A literal prefilter (see {@link LiteralPrefilter}) lets a lookup skip rules whose required
 * literal is absent from the key, without changing any answer.
 *
 * Errors: none at lookup for ordinary keys. A key that makes one match read it more than
 * {@link BoundedKey#MATCH_LIMIT} times (catastrophic backtracking), or drives java.util.regex past
 * its stack depth, fails the lookup ("FILE, line N: match limit exceeded"), so callers defer.
 * DEVIATION: Postfix 3.7 logs "pcre map FILE, line N: match limit exceeded" and goes on as if
 * that rule did not match, which lets a crafted key slip past a REJECT rule.
 * Immutable and thread-safe: compiled patterns are shared, matchers and the key are per lookup.
 */
public final class PatternTable implements LookupTable {
    private final String spec;
    private final Path file;
    private final Rule[] rules;
    private final LiteralPrefilter prefilter;
    private final int matchLimit;

    PatternTable(String spec, Path file, List<Rule> rules, LiteralPrefilter prefilter) {
        this(spec, file, rules.toArray(Rule[]::new), prefilter, BoundedKey.MATCH_LIMIT);
    }

    private PatternTable(String spec, Path file, Rule[] rules, LiteralPrefilter prefilter, int matchLimit) {
        this.spec = spec;
        this.file = file;
        this.rules = rules;
        this.prefilter = prefilter;
        this.matchLimit = matchLimit;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public boolean matchesWholeStringOnly() {
        return true;
    }

    @Override
    public List<Path> sources() {
        return List.of(file);
    }

    @Override
    public LookupResult lookup(String key) {
        String bytes = ByteText.fromUnicode(key);
        long[] present = prefilter.present(ByteText.fold(bytes));
        BoundedKey bounded = new BoundedKey(bytes, matchLimit);
        int i = 0;
        try {
            for (; i < rules.length; i++) {
                Rule rule = rules[i];
                if (rule instanceof Rule.Match match) {
                    LookupResult result = tryMatch(match, bounded, present);
                    if (result.isFound()) {
                        return result;
                    }
                } else if (rule instanceof Rule.If conditional && !conditional.condition().holds(bounded, present)) {
                    i = conditional.endifIndex();
                }
            }
        } catch (BoundedKey.MatchLimitExceeded | StackOverflowError e) {
            return LookupResult.failed(file + ", line " + rules[i].line() + ": match limit exceeded");
        }
        return LookupResult.notFound();
    }

    /** The answer of one match rule: found, or not found when it does not match. */
    private static LookupResult tryMatch(Rule.Match match, BoundedKey bytes, long[] present) {
        List<Condition> conditions = match.conditions();
        Condition first = conditions.get(0);
        Replacement replacement = match.replacement();
        if (replacement.maxGroup() == 0 || !first.wanted()) {
            for (Condition condition : conditions) {
                if (!condition.holds(bytes, present)) {
                    return LookupResult.notFound();
                }
            }
            return replacement.constantResult();
        }
        if (first.excluded(present)) {
            return LookupResult.notFound();
        }
        Matcher matcher = first.pattern().matcher(bytes);
        if (!first.pattern().matches(matcher)) {
            return LookupResult.notFound();
        }
        for (int c = 1; c < conditions.size(); c++) {
            if (!conditions.get(c).holds(bytes, present)) {
                return LookupResult.notFound();
            }
        }
        return LookupResult.found(replacement.expand(matcher));
    }

    /** This table with prefiltering off: every rule is tried (tests compare both). */
    PatternTable withoutPrefilter() {
        return new PatternTable(spec, file, Arrays.stream(rules).map(Rule::withoutPrefilter).toArray(Rule[]::new), prefilter, matchLimit);
    }

    /** This table with another read budget per match (tests). */
    PatternTable withMatchLimit(int limit) {
        return new PatternTable(spec, file, rules, prefilter, limit);
    }

    /** How many rules have a required literal (tests, diagnostics). */
    long prefilteredRuleCount() {
        return Arrays.stream(rules).filter(rule -> rule instanceof Rule.Match match && match.conditions().get(0).literalId() >= 0
            || rule instanceof Rule.If conditional && conditional.condition().literalId() >= 0).count();
    }
}
