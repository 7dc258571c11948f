package org.jamesfix.table.regexp;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates one pcre: table pattern (PCRE2 without UTF mode, as Postfix 3.7 builds it, on bytes)
 * into java.util.regex, with the table flags i, m, s (default on), x, A, E, U and X (obsolete with
 * PCRE2: accepted and ignored, as Postfix does with a warning).
 *
 * Most syntax is shared, but Java reads some of it differently, so every token is checked and
 * rewritten: '[' and '&' are literal inside PCRE classes (Java nests and intersects), POSIX
 * classes become \p{...}, the x flag is applied here (Java's comments mode also strips spaces
 * inside classes), U swaps greedy and lazy quantifiers, E turns '$' into \z, \b and \B use ASCII
 * \w (Java 17's \b is Unicode-aware), octal and hex escapes become \x{..}, "{" that is not a
 * quantifier is a literal, named groups are plain groups (results use numbers only).
 *
 * Errors (a {@link PatternException}): an unknown flag, and constructs Java cannot reproduce:
 * \p \P \X \C \N \K \g \k \o, recursion and subroutine calls, conditionals, branch reset,
 * callouts, (*VERBS), inline options other than i, m, s (Java's (?U) and (?x) mean something
 * else), multi-digit back-references (PCRE and Java disagree on \12), E combined with inline
 * (?m); anything java.util.regex itself rejects.
 */
final class PcreTranslator {
    private static final Map<String, String> CLASSES = Map.ofEntries(
        Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "0-9"), Map.entry("alnum", "\\p{Alnum}"),
        Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"),
        Map.entry("blank", "\\p{Blank}"), Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"),
        Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "\\p{XDigit}"),
        Map.entry("word", "\\w"), Map.entry("ascii", "\\x00-\\x7f"));
    private static final String WORD = "[A-Za-z0-9_]";
    private static final String SPACE = " \t\n\u000b\f\r";

    private final String source;
    private final boolean extended;
    private final boolean ungreedy;
    private final boolean dollarEndOnly;
    private final StringBuilder out = new StringBuilder();
    private final LiteralRun literal = new LiteralRun();
    private int pos;
    private int depth;
    private int groups;
    private int maxBackReference;
    private boolean inlineMultiline;

    private PcreTranslator(String source, boolean extended, boolean ungreedy, boolean dollarEndOnly) {
        this.source = source;
        this.extended = extended;
        this.ungreedy = ungreedy;
        this.dollarEndOnly = dollarEndOnly;
    }

    /** Compiles {@code source} (a byte string) with the table {@code flags} as written after the pattern. */
    static CompiledPattern compile(String source, String flags) {
        boolean caseless = true;
        boolean multiline = false;
        boolean dotall = true;
        boolean extended = false;
        boolean anchored = false;
        boolean dollarEndOnly = false;
        boolean ungreedy = false;
        for (int i = 0; i < flags.length(); i++) {
            switch (flags.charAt(i)) {
                case 'i' -> caseless = !caseless;
                case 'm' -> multiline = !multiline;
                case 's' -> dotall = !dotall;
                case 'x' -> extended = !extended;
                case 'A' -> anchored = !anchored;
                case 'E' -> dollarEndOnly = !dollarEndOnly;
                case 'U' -> ungreedy = !ungreedy;
                case 'X' -> {
                    // PCRE2 has no EXTRA option (unknown escapes are always errors): Postfix ignores X.
                }
                default -> throw new PatternException("unknown regexp option \"" + flags.charAt(i) + "\"");
            }
        }
        // PCRE ignores DOLLAR_ENDONLY when MULTILINE is set.
        PcreTranslator translator = new PcreTranslator(source, extended, ungreedy, dollarEndOnly && !multiline);
        translator.translate();
        if (translator.dollarEndOnly && translator.inlineMultiline) {
            throw new PatternException("option \"E\" together with inline (?m) is not supported");
        }
        if (translator.maxBackReference > translator.groups) {
            throw new PatternException("error in regex: reference to non-existent subpattern");
        }
        int javaFlags = Pattern.UNIX_LINES | (caseless ? Pattern.CASE_INSENSITIVE : 0) | (multiline ? Pattern.MULTILINE : 0)
            | (dotall ? Pattern.DOTALL : 0);
        try {
            Pattern pattern = Pattern.compile(translator.out.toString(), javaFlags);
            return new CompiledPattern(pattern, anchored, translator.groups, translator.literal.result(), false);
        } catch (PatternSyntaxException e) {
            throw new PatternException("error in regex: " + e.getDescription());
        }
    }

    /** Walks the whole pattern, emitting Java syntax. */
    private void translate() {
        while (pos < source.length()) {
            char c = source.charAt(pos++);
            if (extended && skipExtended(c)) {
                continue;
            }
            switch (c) {
                case '(' -> openGroup();
                case ')' -> {
                    if (depth == 0) {
                        throw new PatternException("error in regex: unmatched closing parenthesis");
                    }
                    depth--;
                    out.append(')');
                    literal.breakRun();
                }
                case '|' -> {
                    if (depth == 0) {
                        literal.topLevelAlternation();
                    }
                    literal.breakRun();
                    out.append('|');
                }
                case '*', '+', '?' -> quantifier(String.valueOf(c));
                case '{' -> brace();
                case '^' -> other("^");
                case '$' -> other(dollarEndOnly ? "\\z" : "$");
                case '.' -> other(".");
                case '[' -> other(characterClass());
                case '\\' -> escape();
                default -> literalChar(c);
            }
        }
        if (depth > 0) {
            throw new PatternException("error in regex: missing closing parenthesis");
        }
    }

    /** In x mode, skips white space and #-comments outside classes; true when {@code c} was skipped. */
    private boolean skipExtended(char c) {
        if (SPACE.indexOf(c) >= 0) {
            return true;
        }
        if (c == '#') {
            while (pos < source.length() && source.charAt(pos) != '\n') {
                pos++;
            }
            return true;
        }
        return false;
    }

    private void other(String java) {
        literal.breakRun();
        out.append(java);
    }

    private void literalChar(char c) {
        if (depth == 0) {
            literal.literal(c);
        } else {
            literal.breakRun();
        }
        out.append(ByteText.quote(c));
    }

    /** A quantifier, with U applied: greedy and lazy swap, possessive stays. */
    private void quantifier(String java) {
        literal.quantifier();
        out.append(java);
        char next = pos < source.length() ? source.charAt(pos) : 0;
        if (next == '+') {
            out.append('+');
            pos++;
        } else if (next == '?') {
            pos++;
            if (!ungreedy) {
                out.append('?');
            }
        } else if (ungreedy) {
            out.append('?');
        }
    }

    /** "{n}", "{n,}" or "{n,m}" is a quantifier (this PCRE2 reads "{,m}" literally); any other '{' is literal. */
    private void brace() {
        int close = source.indexOf('}', pos);
        if (close > 0 && source.substring(pos, close).matches("[0-9]+(,[0-9]*)?")) {
            String body = source.substring(pos, close);
            pos = close + 1;
            int comma = body.indexOf(',');
            int min = repeatCount(comma < 0 ? body : body.substring(0, comma));
            int max = comma < 0 || comma == body.length() - 1 ? min : repeatCount(body.substring(comma + 1));
            if (max < min) {
                throw new PatternException("error in regex: numbers out of order in {} quantifier");
            }
            quantifier("{" + body + "}");
        } else {
            literalChar('{');
        }
    }

    /** One number of a {n,m} quantifier; PCRE2 refuses those over 65535 (any length of digits). */
    private static int repeatCount(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 5 || Integer.parseInt(significant) > 65535) {
            throw new PatternException("error in regex: number too big in {} quantifier");
        }
        return Integer.parseInt(significant);
    }

    /** A group opener: plain, non-capturing, lookaround, atomic, named, comment or inline options. */
    private void openGroup() {
        literal.breakRun();
        if (source.startsWith("(*", pos - 1)) {
            throw new PatternException("(*VERB) and (*OPTION) items are not supported");
        }
        if (pos >= source.length() || source.charAt(pos) != '?') {
            groups++;
            depth++;
            out.append('(');
            return;
        }
        String rest = source.substring(pos + 1);
        if (rest.startsWith("#")) {
            int end = source.indexOf(')', pos);
            if (end < 0) {
                throw new PatternException("error in regex: missing ) after (?# comment");
            }
            pos = end + 1;
            return;
        }
        for (String prefix : new String[] {":", "=", "!", "<=", "<!", ">"}) {
            if (rest.startsWith(prefix)) {
                pos += 1 + prefix.length();
                depth++;
                out.append("(?").append(prefix);
                return;
            }
        }
        String name = null;
        if (rest.startsWith("P<") || rest.startsWith("<") || rest.startsWith("'")) {
            int start = pos + 1 + (rest.startsWith("P<") ? 2 : 1);
            char terminator = rest.startsWith("'") ? '\'' : '>';
            int end = start;
            while (end < source.length() && (Character.isLetterOrDigit(source.charAt(end)) || source.charAt(end) == '_')
                && source.charAt(end) < 0x80) {
                end++;
            }
            if (end > start && end < source.length() && source.charAt(end) == terminator) {
                name = source.substring(start, end);
                pos = end + 1;
            }
        }
        if (name != null) {
            groups++;
            depth++;
            out.append('(');
            return;
        }
        inlineOptions();
    }

    /** "(?ims-ims)" or "(?ims-ims:": only i, m and s mean the same in Java. */
    private void inlineOptions() {
        int p = pos + 1;
        StringBuilder options = new StringBuilder();
        while (p < source.length() && "ims-".indexOf(source.charAt(p)) >= 0) {
            options.append(source.charAt(p++));
        }
        if (p >= source.length() || source.charAt(p) != ')' && source.charAt(p) != ':') {
            String shown = source.substring(pos - 1, Math.min(source.length(), p + 1));
            throw new PatternException("group \"" + shown + "\" is not supported (only (?:, lookaround, atomic, named groups"
                + " and inline options i, m, s are)");
        }
        if (options.indexOf("m") >= 0) {
            inlineMultiline = true;
        }
        out.append("(?").append(options).append(source.charAt(p));
        if (source.charAt(p) == ':') {
            depth++;
        }
        pos = p + 1;
    }

    /** A backslash escape outside a class. */
    private void escape() {
        if (pos >= source.length()) {
            throw new PatternException("error in regex: \\ at end of pattern");
        }
        char c = source.charAt(pos++);
        switch (c) {
            case 'd', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V', 'R' -> other("\\" + c);
            case 'A', 'z', 'G' -> other("\\" + c);
            case 'Z' -> other("(?=\\n?\\z)");
            case 'b' -> other("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))");
            case 'B' -> other("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))");
            case 'Q' -> quoted();
            case 'E' -> {
                // A stray \E is ignored by PCRE.
            }
            default -> {
                if (c >= '1' && c <= '9') {
                    backReference(c);
                } else {
                    char value = escapedChar(c, false);
                    literalChar(value);
                }
            }
        }
    }

    private void backReference(char digit) {
        if (pos < source.length() && Character.isDigit(source.charAt(pos))) {
            throw new PatternException("back-reference \\" + digit + source.charAt(pos) + "... is not supported (PCRE and Java read it differently)");
        }
        maxBackReference = Math.max(maxBackReference, digit - '0');
        other("\\" + digit);
    }

    /** \Q...\E: every character literal. */
    private void quoted() {
        int end = source.indexOf("\\E", pos);
        int stop = end < 0 ? source.length() : end;
        for (int i = pos; i < stop; i++) {
            literalChar(source.charAt(i));
        }
        pos = end < 0 ? source.length() : end + 2;
    }

    /**
     * The character an escape stands for (\n, \x41, \012, \cA, \.), starting after the
     * backslash and letter {@code c}; throws for escapes we do not reproduce.
     */
    private char escapedChar(char c, boolean inClass) {
        switch (c) {
            case 'a':
                return 0x07;
            case 'e':
                return 0x1b;
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'b':
                if (inClass) {
                    return 0x08;
                }
                break;
            case 'x':
                return hex();
            case 'c':
                if (pos < source.length() && source.charAt(pos) < 0x80) {
                    char ch = Character.toUpperCase(source.charAt(pos++));
                    return (char) (ch ^ 0x40);
                }
                throw new PatternException("error in regex: \\c at end of pattern");
            case '0':
                return octal(0);
            default:
                break;
        }
        if (c < 0x80 && Character.isLetterOrDigit(c)) {
            throw new PatternException("escape \\" + c + " is not supported");
        }
        return c;
    }

    private char hex() {
        int value = 0;
        if (pos < source.length() && source.charAt(pos) == '{') {
            int end = source.indexOf('}', pos);
            String digits = end < 0 ? "" : source.substring(pos + 1, end);
            if (!digits.matches("[0-9A-Fa-f]{1,8}")) {
                throw new PatternException("error in regex: bad \\x{...} escape");
            }
            // Eight hex digits can exceed an int; anything over 0xff is refused below.
            value = (int) Math.min(Long.parseLong(digits, 16), 0x100);
            pos = end + 1;
        } else {
            for (int n = 0; n < 2 && pos < source.length() && Character.digit(source.charAt(pos), 16) >= 0
                && source.charAt(pos) < 0x80; n++) {
                value = value * 16 + Character.digit(source.charAt(pos++), 16);
            }
        }
        if (value > 0xff) {
            throw new PatternException("error in regex: character code point value in \\x{} or \\o{} is too large");
        }
        return (char) value;
    }

    /** Up to two more octal digits after \0. */
    private char octal(int start) {
        int value = start;
        for (int n = 0; n < 2 && pos < source.length() && source.charAt(pos) >= '0' && source.charAt(pos) <= '7'; n++) {
            value = value * 8 + (source.charAt(pos++) - '0');
        }
        return (char) value;
    }

    /** A character class, translated to a Java class of escaped bytes. */
    private String characterClass() {
        StringBuilder cls = new StringBuilder("[");
        if (pos < source.length() && source.charAt(pos) == '^') {
            cls.append('^');
            pos++;
        }
        boolean first = true;
        while (true) {
            if (pos >= source.length()) {
                throw new PatternException("error in regex: missing terminating ] for character class");
            }
            char c = source.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                return cls.append(']').toString();
            }
            first = false;
            if (c == '[' && source.startsWith("[:", pos)) {
                int end = source.indexOf(":]", pos + 2);
                if (end > 0) {
                    String name = source.substring(pos + 2, end);
                    boolean negated = name.startsWith("^");
                    String java = CLASSES.get(negated ? name.substring(1) : name);
                    if (java == null) {
                        throw new PatternException("error in regex: unknown POSIX class name");
                    }
                    pos = end + 2;
                    if (negated) {
                        cls.append("[^").append(java).append(']');
                    } else {
                        cls.append(java);
                    }
                    rejectRangeAfterClass();
                    continue;
                }
            }
            pos++;
            String start;
            char startChar;
            if (c == '\\') {
                String shorthand = classShorthand();
                if (shorthand != null) {
                    cls.append(shorthand);
                    rejectRangeAfterClass();
                    continue;
                }
                startChar = escapedChar(source.charAt(pos++), true);
            } else {
                startChar = c;
            }
            start = ByteText.quote(startChar);
            if (pos + 1 < source.length() && source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
                pos++;
                char endChar = source.charAt(pos++);
                if (endChar == '\\') {
                    if (classShorthand() != null) {
                        throw new PatternException("error in regex: invalid range in character class");
                    }
                    endChar = escapedChar(source.charAt(pos++), true);
                } else if (endChar == '[' && source.startsWith(":", pos)) {
                    throw new PatternException("error in regex: invalid range in character class");
                }
                if (endChar < startChar) {
                    throw new PatternException("error in regex: range out of order in character class");
                }
                cls.append(start).append('-').append(ByteText.quote(endChar));
            } else {
                cls.append(start);
            }
        }
    }

    /** After a '\' in a class: the Java text of \d \w \s \h \v (and negations), or null. */
    private String classShorthand() {
        if (pos >= source.length()) {
            throw new PatternException("error in regex: \\ at end of pattern");
        }
        char c = source.charAt(pos);
        if ("dDwWsShHvV".indexOf(c) >= 0) {
            pos++;
            return "\\" + c;
        }
        if (c == 'Q' || c == 'E' || c == 'p' || c == 'P' || c == 'N' || c == 'R' || c == 'X') {
            throw new PatternException("escape \\" + c + " in a character class is not supported");
        }
        return null;
    }

    private void rejectRangeAfterClass() {
        if (pos + 1 < source.length() && source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
            throw new PatternException("error in regex: invalid range in character class");
        }
    }
}
