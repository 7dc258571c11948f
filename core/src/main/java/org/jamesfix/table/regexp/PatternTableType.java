package org.jamesfix.table.regexp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.TableType;

/**
 * Opens regexp: and pcre: tables: reads the file (as bytes, like Postfix), joins continuation
 * lines, parses every rule, translates and compiles every pattern, and builds the prefilter. The
 * file format is regexp_table(5) / pcre_table(5): "/pattern/flags result", "!/pattern/flags
 * result", regexp's "/pattern/flags!/pattern2/flags result", "if /pattern/flags" ... "endif"
 * (nesting, case-insensitive keywords), '#' comments, blank lines, continuation lines that start
 * with white space. Any non-alphanumeric character delimits a pattern; '\' escapes it.
 *
 * Errors: every problem Postfix warns about and skips (a rule with no closing delimiter, an
 * unknown flag, a bad pattern, a bad or out-of-range $n, $n in a negated rule, "if" without
 * "endif", "endif" without "if", text after "if" or "endif", an unrecognized line, a rule
 * with no result, a first line that starts with white space) refuses the whole table with
 * {@link ConfigException} "FILE, line N: problem"; so do patterns Java cannot match the same way
 * (see {@link PosixTranslator} and {@link PcreTranslator}), and regexp rules combining $n with a
 * '|' in the pattern (the captured text could differ). An unreadable file: "FILE: problem".
 *
 * Limits: no inline "regexp:{...}" tables (Postfix 3.7) yet.
 */
public final class PatternTableType implements TableType {
    private static final String SPACE = " \t\n\u000b\f\r";

    private final Dialect dialect;

    private PatternTableType(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The regexp: type (POSIX extended regular expressions). */
    public static PatternTableType regexp() {
        return new PatternTableType(Dialect.REGEXP);
    }

    /** The pcre: type (Perl-compatible regular expressions). */
    public static PatternTableType pcre() {
        return new PatternTableType(Dialect.PCRE);
    }

    @Override
    public LookupTable open(String spec, String name, TableRegistry registry) {
        Path file = registry.resolve(name);
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "open: " + e.getMessage());
        }
        return parse(dialect, spec, file, text);
    }

    /** Parses table text (a byte string) as read from {@code file}; also the fuzz test's entry. */
    static PatternTable parse(Dialect dialect, String spec, Path file, String text) {
        return new Parser(dialect, file).parse(spec, text);
    }

    /** Parses one table file; single use. */
    private static final class Parser {
        private final Dialect dialect;
        private final Path file;
        private final List<Rule> rules = new ArrayList<>();
        private final Deque<Integer> openIfs = new ArrayDeque<>();
        private final Map<String, Integer> literalIds = new HashMap<>();
        private final List<String> literals = new ArrayList<>();
        private int lineNumber;

        Parser(Dialect dialect, Path file) {
            this.dialect = dialect;
            this.file = file;
        }

        /** Reads every logical line, then checks that every "if" was closed. */
        PatternTable parse(String spec, String text) {
            String[] physical = text.split("\n", -1);
            StringBuilder logical = null;
            int logicalLine = 0;
            for (int n = 0; n < physical.length; n++) {
                String line = physical[n];
                int first = 0;
                while (first < line.length() && SPACE.indexOf(line.charAt(first)) >= 0) {
                    first++;
                }
                if (first == line.length() || line.charAt(first) == '#') {
                    continue;
                }
                if (first > 0) {
                    if (logical == null) {
                        throw error(n + 1, "logical line must not start with whitespace: \"" + ByteText.toUnicode(line) + "\"");
                    }
                    logical.append(line);
                    continue;
                }
                if (logical != null) {
                    rule(logicalLine, logical.toString());
                }
                logical = new StringBuilder(line);
                logicalLine = n + 1;
            }
            if (logical != null) {
                rule(logicalLine, logical.toString());
            }
            if (!openIfs.isEmpty()) {
                throw error(rules.get(openIfs.peek()).line(), "IF has no matching ENDIF");
            }
            return new PatternTable(spec, file, rules, LiteralPrefilter.of(literals));
        }

        /** Parses one logical line into a rule. */
        private void rule(int line, String rawText) {
            lineNumber = line;
            String text = trimEnd(rawText);
            char first = text.charAt(0);
            if (!isAsciiAlnum(first)) {
                matchRule(text);
            } else if (keyword(text, "if")) {
                Cursor cursor = new Cursor(text, 2);
                cursor.skipSpace();
                Condition condition = condition(cursor, false);
                cursor.skipSpace();
                if (!cursor.atEnd()) {
                    throw error(line, "extra text after IF statement: \"" + ByteText.toUnicode(cursor.rest())
                        + "\" (do not prepend whitespace to statements between IF and ENDIF)");
                }
                openIfs.push(rules.size());
                rules.add(new Rule.If(line, condition, -1));
            } else if (keyword(text, "endif")) {
                if (openIfs.isEmpty()) {
                    throw error(line, "ENDIF without matching IF");
                }
                if (!text.substring(5).isBlank()) {
                    throw error(line, "extra text after ENDIF");
                }
                int ifIndex = openIfs.pop();
                Rule.If open = (Rule.If) rules.get(ifIndex);
                rules.set(ifIndex, new Rule.If(open.line(), open.condition(), rules.size()));
                rules.add(new Rule.Endif(line));
            } else {
                throw error(line, "unrecognized request: \"" + ByteText.toUnicode(text) + "\"");
            }
        }

        /** "/pattern/flags result", with Postfix's order of checks. */
        private void matchRule(String text) {
            Cursor cursor = new Cursor(text, 0);
            Pattern first = pattern(cursor, dialect == Dialect.REGEXP);
            List<Pattern> patterns = new ArrayList<>(List.of(first));
            if (dialect == Dialect.REGEXP && cursor.peek() == '!') {
                patterns.add(pattern(cursor, true));
            }
            cursor.skipSpace();
            if (cursor.atEnd()) {
                throw error(lineNumber, "no replacement text");
            }
            Replacement replacement;
            try {
                replacement = Replacement.parse(cursor.rest());
            } catch (PatternException e) {
                throw error(lineNumber, "bad replacement syntax: " + e.getMessage());
            }
            if (replacement.maxGroup() > 0 && !first.wanted) {
                throw error(lineNumber, "$number found in negative match replacement text");
            }
            List<Condition> conditions = new ArrayList<>();
            for (Pattern pattern : patterns) {
                conditions.add(compile(pattern));
            }
            if (replacement.maxGroup() > conditions.get(0).pattern().groupCount()) {
                throw error(lineNumber, "out of range replacement index \"" + replacement.maxGroup() + "\"");
            }
            if (replacement.maxGroup() > 0 && conditions.get(0).pattern().capturesMayDiffer()) {
                throw error(lineNumber, "$number with '|' in the pattern is not supported: POSIX prefers the longest"
                    + " alternative, Java the first, so groups could capture different text (use pcre:, where they agree)");
            }
            rules.add(new Rule.Match(lineNumber, conditions, replacement));
        }

        /** A pattern with its negations and flags, compiled. */
        private Condition condition(Cursor cursor, boolean flagsStopAtBang) {
            return compile(pattern(cursor, flagsStopAtBang));
        }

        private record Pattern(String source, String flags, boolean wanted) {
        }

        /** Reads "!! /pattern/flags": negations, delimiter, body (with '\' escapes kept) and flags. */
        private Pattern pattern(Cursor cursor, boolean flagsStopAtBang) {
            boolean wanted = true;
            while (!cursor.atEnd() && (cursor.peek() == '!' || SPACE.indexOf(cursor.peek()) >= 0)) {
                if (cursor.next() == '!') {
                    wanted = !wanted;
                }
            }
            if (cursor.atEnd()) {
                throw error(lineNumber, "no regexp");
            }
            char delimiter = cursor.next();
            int start = cursor.position();
            while (true) {
                if (cursor.atEnd()) {
                    throw error(lineNumber, "no closing regexp delimiter \"" + delimiter + "\"");
                }
                char c = cursor.next();
                if (c == '\\' && !cursor.atEnd()) {
                    cursor.next();
                } else if (c == '\\' || c == delimiter) {
                    if (c == '\\') {
                        throw error(lineNumber, "no closing regexp delimiter \"" + delimiter + "\"");
                    }
                    break;
                }
            }
            String source = cursor.text().substring(start, cursor.position() - 1);
            int flagsStart = cursor.position();
            while (!cursor.atEnd() && SPACE.indexOf(cursor.peek()) < 0 && !(flagsStopAtBang && cursor.peek() == '!')) {
                cursor.next();
            }
            return new Pattern(source, cursor.text().substring(flagsStart, cursor.position()), wanted);
        }

        /** Compiles one pattern and registers its required literal with the prefilter. */
        private Condition compile(Pattern pattern) {
            CompiledPattern compiled;
            try {
                compiled = dialect.compile(pattern.source(), pattern.flags());
            } catch (PatternException e) {
                throw error(lineNumber, e.getMessage());
            }
            int literalId = -1;
            if (!compiled.requiredLiteral().isEmpty()) {
                literalId = literalIds.computeIfAbsent(compiled.requiredLiteral(), literal -> {
                    literals.add(literal);
                    return literals.size() - 1;
                });
            }
            return new Condition(compiled, pattern.wanted(), literalId);
        }

        private ConfigException error(int line, String problem) {
            return new ConfigException(file.toString(), line, problem);
        }

        private static boolean keyword(String text, String word) {
            return text.regionMatches(true, 0, word, 0, word.length())
                && (text.length() == word.length() || !isAsciiAlnum(text.charAt(word.length())));
        }

        private static boolean isAsciiAlnum(char c) {
            return c < 0x80 && Character.isLetterOrDigit(c);
        }

        private static String trimEnd(String text) {
            int end = text.length();
            while (end > 0 && SPACE.indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            return text.substring(0, end);
        }
    }

    /** A read position in one logical line. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text, int position) {
            this.text = text;
            this.position = position;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? 0 : text.charAt(position);
        }

        char next() {
            return text.charAt(position++);
        }

        void skipSpace() {
            while (!atEnd() && SPACE.indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        String rest() {
            return text.substring(position);
        }

        int position() {
            return position;
        }

        String text() {
            return text;
        }
    }
}
