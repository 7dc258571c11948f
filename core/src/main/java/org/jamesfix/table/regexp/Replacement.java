package org.jamesfix.table.regexp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.jamesfix.table.LookupResult;

/**
 * The result text of a match rule, parsed at open as Postfix's mac_parse reads it: "$$" is a
 * dollar, "$n", "${n}" and "$(n)" insert what group n matched (nothing when it did not take
 * part or matched empty). Immutable.
 *
 * Errors (a {@link PatternException}, with Postfix's wording): "$" with no name, an unclosed
 * "${" or "$(", a name that is not all digits, group 0.
 */
final class Replacement {
    private final String[] literals;
    private final int[] groups;
    private final int maxGroup;
    private final String constant;
    private final LookupResult constantResult;

    private Replacement(List<String> literals, List<Integer> groups) {
        this.literals = literals.toArray(String[]::new);
        this.groups = groups.stream().mapToInt(Integer::intValue).toArray();
        this.maxGroup = this.groups.length == 0 ? 0 : java.util.Arrays.stream(this.groups).max().orElse(0);
        this.constant = this.groups.length == 0 ? ByteText.toUnicode(this.literals[0]) : "";
        this.constantResult = LookupResult.found(constant);
    }

    /** Parses {@code text} (a byte string). */
    static Replacement parse(String text) {
        List<String> literals = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
            } else {
                int end;
                String name;
                i++;
                if (i < text.length() && (text.charAt(i) == '{' || text.charAt(i) == '(')) {
                    end = closing(text, i);
                    name = text.substring(i + 1, end);
                    end++;
                } else {
                    end = i;
                    while (end < text.length() && (isAsciiAlnum(text.charAt(end)) || text.charAt(end) == '_')) {
                        end++;
                    }
                    name = text.substring(i, end);
                }
                if (name.isEmpty()) {
                    throw new PatternException("empty macro name: \"" + ByteText.toUnicode(text) + "\"");
                }
                if (!name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    throw new PatternException("non-numeric replacement index \"" + ByteText.toUnicode(name) + "\"");
                }
                int group = name.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(name);
                if (group < 1) {
                    throw new PatternException("out-of-range replacement index \"" + name + "\"");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                groups.add(group);
                i = end;
            }
        }
        literals.add(literal.toString());
        return new Replacement(literals, groups);
    }

    /** Index of the parenthesis closing the one at {@code open}, counting nesting as mac_parse does. */
    private static int closing(String text, int open) {
        char opening = text.charAt(open);
        char close = opening == '{' ? '}' : ')';
        int level = 1;
        for (int i = open + 1; i < text.length(); i++) {
            if (text.charAt(i) == opening) {
                level++;
            } else if (text.charAt(i) == close && --level == 0) {
                return i;
            }
        }
        throw new PatternException("truncated macro reference: \"" + ByteText.toUnicode(text) + "\"");
    }

    private static boolean isAsciiAlnum(char c) {
        return c < 0x80 && Character.isLetterOrDigit(c);
    }

    /** The highest group number used, 0 when the text is constant. */
    int maxGroup() {
        return maxGroup;
    }

    /** The result for a successful match (a Unicode string). */
    String expand(Matcher matcher) {
        if (groups.length == 0) {
            return constant;
        }
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            result.append(literals[i]);
            int start = matcher.start(groups[i]);
            if (start >= 0) {
                result.append(matcher.group(groups[i]));
            }
        }
        result.append(literals[groups.length]);
        return ByteText.toUnicode(result.toString());
    }

    /** The result of a rule without $n, built once. */
    LookupResult constantResult() {
        return constantResult;
    }
}
