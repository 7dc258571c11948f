package org.jamesfix.table.regexp;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates one regexp: table pattern (POSIX extended syntax as glibc's regcomp reads it in the C
 * locale, on bytes) into java.util.regex, with the table flags i (case, default insensitive) and
 * m (REG_NEWLINE: '^'/'$' at newlines, '.' and "[^...]" never match a newline).
 *
 * Every construct is rewritten explicitly rather than trusted to look alike: '^' and '$' become
 * lookarounds, bracket expressions become Java classes of escaped bytes ('\' is literal inside
 * them, POSIX classes become \p{...}), stacked quantifiers are merged ("a+?" is "a*") or grouped, \b and friends are
 * spelled with ASCII \w (Java 17's \b is Unicode-aware).
 *
 * Errors (a {@link PatternException}, whose text the parser prefixes with file and line): what
 * glibc rejects (unmatched parentheses or brackets, a quantifier with nothing before it, bad
 * intervals and ranges, unknown class names, a trailing backslash), and what Java cannot do the
 * same way: back-references (\1..\9: leftmost-longest with back-references has no Java
 * equivalent), collating elements and equivalence classes ([. .], [= =]), escapes glibc gives no
 * documented meaning (\d, \n ...), and the x flag (basic regular expressions).
 *
 * Limits: which text a group captures follows Java's leftmost-first rules. Whether a pattern
 * matches at all does not depend on that, and for patterns without '|' glibc captured the same
 * text in every case of a randomized comparison with postmap; with '|' glibc prefers longer
 * alternatives ("(a|ab)" captures "ab"), so the table parser refuses $n for such patterns.
 */
final class PosixTranslator {
    private static final int DUP_MAX = 0x7fff;
    private static final Map<String, String> CLASSES = Map.ofEntries(
        Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "0-9"), Map.entry("alnum", "\\p{Alnum}"),
        Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"),
        Map.entry("blank", "\\p{Blank}"), Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"),
        Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "\\p{XDigit}"));
    private static final String WORD = "[A-Za-z0-9_]";

    private final String source;
    private final boolean newline;
    private final StringBuilder out = new StringBuilder();
    private final LiteralRun literal = new LiteralRun();
    /** Output offsets of the open groups, so that a quantifier after ')' can find its atom. */
    private final java.util.ArrayDeque<Integer> groupStarts = new java.util.ArrayDeque<>();
    private int pos;
    private int depth;
    private int groups;
    /** Output offset where the last quantifiable atom starts, or -1 when nothing can be repeated. */
    private int atomStart = -1;
    private boolean lastWasQuantifier;
    private boolean alternation;

    private PosixTranslator(String source, boolean newline) {
        this.source = source;
        this.newline = newline;
    }

    /** Compiles {@code source} (a byte string) with the table {@code flags} as written after the pattern. */
    static CompiledPattern compile(String source, String flags) {
        boolean caseless = true;
        boolean newline = false;
        for (int i = 0; i < flags.length(); i++) {
            switch (flags.charAt(i)) {
                case 'i' -> caseless = !caseless;
                case 'm' -> newline = !newline;
                case 'x' -> throw new PatternException("regexp option \"x\" (POSIX basic syntax) is not supported");
                default -> throw new PatternException("unknown regexp option \"" + flags.charAt(i) + "\"");
            }
        }
        PosixTranslator translator = new PosixTranslator(source, newline);
        translator.translate();
        int javaFlags = Pattern.UNIX_LINES | (caseless ? Pattern.CASE_INSENSITIVE : 0) | (newline ? 0 : Pattern.DOTALL);
        try {
            Pattern pattern = Pattern.compile(translator.out.toString(), javaFlags);
            return new CompiledPattern(pattern, false, translator.groups, translator.literal.result(), translator.alternation);
        } catch (PatternSyntaxException e) {
            throw new PatternException("cannot translate regular expression: " + e.getDescription());
        }
    }

    /** Walks the whole pattern, emitting Java syntax. */
    private void translate() {
        while (pos < source.length()) {
            char c = source.charAt(pos++);
            switch (c) {
                case '(' -> openGroup();
                case ')' -> closeGroup();
                case '|' -> alternation();
                case '*' -> quantifier("*");
                case '+' -> quantifier("+");
                case '?' -> quantifier("?");
                case '{' -> interval();
                case '^' -> anchor(newline ? "(?<![^\\n])" : "\\A");
                case '$' -> anchor(newline ? "(?![^\\n])" : "\\z");
                case '.' -> atom(".", true);
                case '[' -> bracket();
                case '\\' -> escape();
                default -> literalChar(c);
            }
        }
        if (depth > 0) {
            throw new PatternException("Unmatched ( or \\(");
        }
    }

    private void openGroup() {
        literal.breakRun();
        depth++;
        groups++;
        out.append('(');
        atomStart = -1;
        lastWasQuantifier = false;
        groupStarts.push(out.length() - 1);
    }

    private void closeGroup() {
        if (depth == 0) {
            // glibc reads an unmatched ')' in an extended expression as a literal.
            literalChar(')');
            return;
        }
        depth--;
        out.append(')');
        atomStart = groupStarts.pop();
        lastWasQuantifier = false;
        literal.breakRun();
    }

    private void alternation() {
        alternation = true;
        if (depth == 0) {
            literal.topLevelAlternation();
        }
        literal.breakRun();
        out.append('|');
        atomStart = -1;
        lastWasQuantifier = false;
    }

    private void anchor(String java) {
        literal.breakRun();
        out.append(java);
        // glibc rejects a quantifier after an anchor ("^*"), as after nothing.
        atomStart = -1;
        lastWasQuantifier = false;
    }

    private void literalChar(char c) {
        if (depth == 0) {
            literal.literal(c);
        } else {
            literal.breakRun();
        }
        atom(ByteText.quote(c), false);
    }

    private void atom(String java, boolean breaksRun) {
        if (breaksRun) {
            literal.breakRun();
        }
        atomStart = out.length();
        out.append(java);
        lastWasQuantifier = false;
    }

    /** Appends a quantifier; a second one in a row applies to the first, as in POSIX. */
    private void quantifier(String java) {
        if (atomStart < 0) {
            throw new PatternException("Invalid preceding regular expression");
        }
        if (lastWasQuantifier && isSimple(java) && isSimple(String.valueOf(out.charAt(out.length() - 1)))) {
            // Two of * + ? in a row are one of them: "+" only from "++", "?" from "??", else "*".
            // Nesting them instead, as in (?:(?:.*)*)*, makes java.util.regex take exponential time.
            char previous = out.charAt(out.length() - 1);
            out.setCharAt(out.length() - 1, previous == java.charAt(0) && previous != '*' ? previous : '*');
            literal.quantifier();
            return;
        }
        if (lastWasQuantifier) {
            out.insert(atomStart, "(?:").append(')');
        }
        out.append(java);
        lastWasQuantifier = true;
        literal.quantifier();
    }

    private static boolean isSimple(String quantifier) {
        return quantifier.equals("*") || quantifier.equals("+") || quantifier.equals("?");
    }

    /** An interval {n}, {n,}, {n,m} or {,m} (glibc reads the last as {0,m}). */
    private void interval() {
        int close = source.indexOf('}', pos);
        if (close < 0) {
            if (atomStart < 0) {
                throw new PatternException("Invalid preceding regular expression");
            }
            throw new PatternException("Unmatched \\{");
        }
        String body = source.substring(pos, close);
        if (!body.matches("[0-9]*(,[0-9]*)?") || body.isEmpty() || body.equals(",")) {
            throw new PatternException("Invalid content of \\{\\}");
        }
        int comma = body.indexOf(',');
        String low = comma < 0 ? body : body.substring(0, comma);
        String high = comma < 0 ? body : body.substring(comma + 1);
        int min = low.isEmpty() ? 0 : bounded(low);
        int max = high.isEmpty() ? -1 : bounded(high);
        if (max >= 0 && max < min) {
            throw new PatternException("Invalid content of \\{\\}");
        }
        pos = close + 1;
        quantifier("{" + min + (comma < 0 ? "" : "," + (max < 0 ? "" : String.valueOf(max))) + "}");
    }

    private static int bounded(String digits) {
        if (digits.length() > 5 || Integer.parseInt(digits) > DUP_MAX) {
            throw new PatternException("Regular expression too big");
        }
        return Integer.parseInt(digits);
    }

    /** A backslash escape outside brackets: GNU operators, or the next character taken literally. */
    private void escape() {
        if (pos >= source.length()) {
            throw new PatternException("Trailing backslash");
        }
        char c = source.charAt(pos++);
        switch (c) {
            case 'w' -> atom(WORD, true);
            case 'W' -> atom("[^A-Za-z0-9_]", true);
            case 's' -> atom("[ \\t\\n\\x0B\\f\\r]", true);
            case 'S' -> atom("[^ \\t\\n\\x0B\\f\\r]", true);
            case 'b' -> anchor("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))");
            case 'B' -> anchor("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))");
            case '<' -> anchor("(?<!" + WORD + ")(?=" + WORD + ")");
            case '>' -> anchor("(?<=" + WORD + ")(?!" + WORD + ")");
            case '`' -> anchor("\\A");
            case '\'' -> anchor("\\z");
            default -> {
                if (c >= '1' && c <= '9') {
                    throw new PatternException("back-reference \\" + c + " is not supported (no Java equivalent for POSIX matching with back-references)");
                }
                if (Character.isLetterOrDigit(c) && c < 0x80) {
                    throw new PatternException("unsupported escape \\" + c + " (it has no defined meaning in POSIX regular expressions)");
                }
                literalChar(c);
            }
        }
    }

    /** A bracket expression: ']' first is literal, '\' is literal, POSIX classes and ranges. */
    private void bracket() {
        literal.breakRun();
        StringBuilder cls = new StringBuilder("[");
        if (pos < source.length() && source.charAt(pos) == '^') {
            cls.append('^');
            if (newline) {
                cls.append("\\n");
            }
            pos++;
        }
        boolean first = true;
        while (true) {
            if (pos >= source.length()) {
                throw new PatternException("Unmatched [, [^, [:, [., or [=");
            }
            char c = source.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            if (c == '[' && pos + 1 < source.length() && ":.=".indexOf(source.charAt(pos + 1)) >= 0) {
                char kind = source.charAt(pos + 1);
                int end = source.indexOf(kind + "]", pos + 2);
                if (end < 0) {
                    throw new PatternException("Unmatched [, [^, [:, [., or [=");
                }
                String name = source.substring(pos + 2, end);
                pos = end + 2;
                if (kind != ':') {
                    throw new PatternException("POSIX " + (kind == '.' ? "collating element [." + name + ".]" : "equivalence class [=" + name + "=]") + " is not supported");
                }
                String java = CLASSES.get(name);
                if (java == null) {
                    throw new PatternException("Invalid character class name");
                }
                if (pos < source.length() - 1 && source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
                    throw new PatternException("Invalid range end");
                }
                cls.append(java);
                continue;
            }
            pos++;
            if (pos + 1 < source.length() && source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
                char end = source.charAt(pos + 1);
                if (end == '[' && pos + 2 < source.length() && ":.=".indexOf(source.charAt(pos + 2)) >= 0) {
                    throw new PatternException("Invalid range end");
                }
                if (end < c) {
                    throw new PatternException("Invalid range end");
                }
                pos += 2;
                cls.append(ByteText.quote(c)).append('-').append(ByteText.quote(end));
            } else {
                cls.append(ByteText.quote(c));
            }
        }
        atom(cls.append(']').toString(), true);
    }
}
