package org.jamesfix.table.cidr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jamesfix.config.ConfigException;
import org.jamesfix.net.IpAddresses;

/**
 * Compiles cidr_table(5) text into rules (util/dict_cidr.c and util/cidr_match.c's grammar):
 * logical lines (a line starting with whitespace continues the previous one; blank and '#' lines
 * are skipped and do not end a logical line), each one of {@code [!]pattern result},
 * {@code if [!]pattern}, {@code endif} (keywords in any case). A pattern is {@code address},
 * {@code address/prefix}, {@code [address]}, {@code [address]/prefix} or {@code [address/prefix]}.
 *
 * Errors: ConfigException at the logical line's first line, with Postfix's reason ("bad mask
 * length in \"10.0.0.0/33\"", "non-null host address bits in ..., perhaps you should use ...
 * instead", "no lookup result", "ENDIF without IF", "IF has no matching ENDIF" ...). DEVIATION:
 * Postfix only warns and skips such a rule (an unclosed IF then hides every later rule); we refuse
 * the table, as for every other table source, because a skipped REJECT line admits mail.
 */
final class CidrTableParser {
    private CidrTableParser() {
    }

    /** The rules of {@code text}, in file order, IF blocks linked to their ENDIF. */
    static List<CidrRule> parse(String text, String fileName) {
        List<CidrRule> rules = new ArrayList<>();
        Deque<Integer> openIfs = new ArrayDeque<>();
        String[] lines = text.split("\n", -1);
        StringBuilder logical = null;
        int logicalLine = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i == lines.length ? "" : stripCr(lines[i]);
            boolean end = i == lines.length;
            if (!end && (line.isBlank() || line.strip().charAt(0) == '#')) {
                continue;
            }
            if (!end && Character.isWhitespace(line.charAt(0))) {
                if (logical == null) {
                    throw new ConfigException(fileName, i + 1, "logical line must not start with whitespace: \"" + line + "\"");
                }
                logical.append(line);
                continue;
            }
            if (logical != null) {
                add(rules, openIfs, compile(logical.toString().strip(), logicalLine, fileName, !openIfs.isEmpty()));
            }
            logical = end ? null : new StringBuilder(line);
            logicalLine = i + 1;
        }
        if (!openIfs.isEmpty()) {
            int unclosed = openIfs.peek(); // the innermost, which Postfix reports first
            throw new ConfigException(fileName, rules.get(unclosed).line, "IF has no matching ENDIF");
        }
        return rules;
    }

    private static void add(List<CidrRule> rules, Deque<Integer> openIfs, CidrRule rule) {
        if (rule.kind == CidrRule.Kind.IF) {
            openIfs.push(rules.size());
        } else if (rule.kind == CidrRule.Kind.ENDIF) {
            int ifIndex = openIfs.pop();
            rules.set(ifIndex, rules.get(ifIndex).withBlockEnd(rules.size()));
        }
        rules.add(rule);
    }

    // One logical line (trimmed) to a rule, as dict_cidr_parse_rule.
    private static CidrRule compile(String text, int line, String fileName, boolean inBlock) {
        if (isKeyword(text, "if")) {
            int p = 2;
            boolean negated = false;
            for (; p < text.length() && (text.charAt(p) == '!' || Character.isWhitespace(text.charAt(p))); p++) {
                negated ^= text.charAt(p) == '!';
            }
            if (p == text.length()) {
                throw new ConfigException(fileName, line, "no address pattern");
            }
            Network network = pattern(text.substring(p), line, fileName);
            return CidrRule.ifBlock(line, network.bytes, network.prefix, negated);
        }
        if (isKeyword(text, "endif")) {
            if (!text.substring(5).isBlank()) {
                throw new ConfigException(fileName, line, "garbage after ENDIF");
            }
            if (!inBlock) {
                throw new ConfigException(fileName, line, "ENDIF without IF");
            }
            return CidrRule.endif(line);
        }
        int p = 0;
        boolean negated = false;
        for (; p < text.length() && (text.charAt(p) == '!' || Character.isWhitespace(text.charAt(p))); p++) {
            negated ^= text.charAt(p) == '!';
        }
        int patternEnd = p;
        while (patternEnd < text.length() && !Character.isWhitespace(text.charAt(patternEnd))) {
            patternEnd++;
        }
        if (patternEnd == p) {
            throw new ConfigException(fileName, line, "no address pattern");
        }
        Network network = pattern(text.substring(p, patternEnd), line, fileName);
        String value = text.substring(patternEnd).strip();
        if (value.isEmpty()) {
            throw new ConfigException(fileName, line, "no lookup result");
        }
        return CidrRule.match(line, network.bytes, network.prefix, negated, value);
    }

    // "if" or "endif" in any case, not followed by a letter or digit ("ifconfig" is a pattern).
    private static boolean isKeyword(String text, String keyword) {
        return text.length() >= keyword.length()
            && text.substring(0, keyword.length()).toLowerCase(Locale.ROOT).equals(keyword)
            && (text.length() == keyword.length() || !Character.isLetterOrDigit(text.charAt(keyword.length())));
    }

    private record Network(byte[] bytes, int prefix) {
    }

    // One address pattern, as cidr_match_parse: brackets, then address[/prefix].
    private static Network pattern(String text, int line, String fileName) {
        String address = text;
        String maskPart = text;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new ConfigException(fileName, line, "missing ']' character after \"" + text + "\"");
            }
            address = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.isEmpty() && after.charAt(0) != '/') {
                throw new ConfigException(fileName, line, "garbage after \"" + text.substring(0, close + 1) + "\"");
            }
            maskPart = after.isEmpty() ? address : after;
            if (!after.isEmpty()) {
                address = address + after;
            }
        }
        int slash = address.indexOf('/');
        if (slash < 0) {
            byte[] bytes = CidrAddresses.parse(address)
                .orElseThrow(() -> new ConfigException(fileName, line, "bad address pattern: \"" + text(text) + "\""));
            return new Network(bytes, bytes.length * 8);
        }
        String network = address.substring(0, slash);
        String mask = address.substring(slash + 1);
        String written = "\"" + network + "/" + mask + "\"";
        int maxPrefix = network.indexOf(':') >= 0 ? 128 : 32;
        if (mask.isEmpty() || !mask.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfigException(fileName, line, "bad mask value in " + written);
        }
        String digits = mask.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 3 || Integer.parseInt(digits) > maxPrefix) {
            throw new ConfigException(fileName, line, "bad mask length in " + written);
        }
        int prefix = Integer.parseInt(digits);
        Optional<byte[]> parsed = CidrAddresses.parse(network);
        if (parsed.isEmpty()) {
            throw new ConfigException(fileName, line, "bad network value in " + written);
        }
        byte[] bytes = parsed.get();
        byte[] masked = IpAddresses.masked(bytes, prefix);
        if (!Arrays.equals(bytes, masked)) {
            throw new ConfigException(fileName, line, "non-null host address bits in " + written
                + ", perhaps you should use \"" + CidrAddresses.format(masked) + "/" + prefix + "\" instead");
        }
        return new Network(bytes, prefix);
    }

    // A bracketed pattern is reported without its brackets, as Postfix does.
    private static String text(String pattern) {
        return pattern.startsWith("[") && pattern.endsWith("]") ? pattern.substring(1, pattern.length() - 1) : pattern;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
