package org.jamesfix.config;

/**
 * Expands one main.cf value with Postfix's rules (postconf(5) "main.cf", checked against
 * Postfix 3.7 postconf -x): {@code $name}, {@code ${name}}, {@code $(name)}; {@code $$} is a
 * literal {@code $}; {@code ${name?value}} and {@code ${name?{value}}} when name is non-empty;
 * {@code ${name:value}} and {@code ${name:{value}}} when it is empty; {@code ${name?{v1}:{v2}}}
 * (braces optional on v2); and a relational first item {@code ${{a} OP {b} ?{v1}:{v2}}} with OP
 * one of == != &lt; &lt;= &gt; &gt;= (numeric when both sides are all digits, else lexicographic)
 * or the same followed by "level" (compatibility levels such as 3.6.1). A bare relational
 * {@code ${{a} == {b}}} yields "true" or "". Only the chosen branch is expanded.
 *
 * Errors ({@link ConfigException} located at the value's origin): truncated references,
 * unbalanced braces, a {@code $} not followed by a name, bad relational syntax, malformed
 * levels. Looking up names (and detecting loops) is the {@link Resolver}'s job.
 */
final class Expander {
    /** Gives the expanded value of a referenced parameter ("" when undefined, after warning). */
    interface Resolver {
        String expanded(String name, Origin referencedFrom);
    }

    private final Origin origin;
    private final Resolver resolver;

    private Expander(Origin origin, Resolver resolver) {
        this.origin = origin;
        this.resolver = resolver;
    }

    /** The value with every reference replaced. */
    static String expand(String value, Origin origin, Resolver resolver) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        return new Expander(origin, resolver).text(value);
    }

    /** True for characters allowed in parameter names: [A-Za-z0-9_]. */
    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Expands free text: literal characters and $ references. */
    private String text(String s) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            char next = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{' || next == '(') {
                int close = matching(s, i + 1);
                if (close < 0) {
                    throw origin.error("truncated macro reference: \"" + s.substring(i) + "\"");
                }
                out.append(braced(s.substring(i + 2, close)));
                i = close + 1;
            } else if (isNameChar(next)) {
                int end = nameEnd(s, i + 1);
                out.append(resolver.expanded(s.substring(i + 1, end), origin));
                i = end;
            } else {
                throw origin.error("empty macro name: \"" + s + "\"");
            }
        }
        return out.toString();
    }

    /** Index of the bracket closing the one at open (nesting counted), or -1. */
    private static int matching(String s, int open) {
        char opener = s.charAt(open);
        char closer = opener == '{' ? '}' : ')';
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == opener) {
                depth++;
            } else if (c == closer && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int nameEnd(String s, int start) {
        int end = start;
        while (end < s.length() && isNameChar(s.charAt(end))) {
            end++;
        }
        return end;
    }

    /** Evaluates the inside of ${...}: a name or a relational expression, then an optional ?/: tail. */
    private String braced(String inner) {
        Cursor at = new Cursor(inner);
        at.skipSpace();
        boolean condition;
        boolean isRelational = at.peek() == '{';
        if (isRelational) {
            condition = relational(at);
            at.skipSpace();
            if (at.atEnd()) {
                return condition ? "true" : "";
            }
        } else {
            int end = nameEnd(inner, at.pos);
            if (end == at.pos) {
                throw syntax(at, "attribute name syntax error");
            }
            String value = resolver.expanded(inner.substring(at.pos, end), origin);
            at.pos = end;
            at.skipSpace();
            if (at.atEnd()) {
                return value;
            }
            condition = !value.isEmpty();
        }
        char op = at.peek();
        if (op != '?' && op != ':') {
            throw syntax(at, isRelational ? "unexpected input" : "attribute name syntax error");
        }
        at.pos++;
        return op == '?' ? whenTrue(at, condition) : whenFalse(at, condition);
    }

    /** The tail after '?': {v1} [: v2] or a plain value. */
    private String whenTrue(Cursor at, boolean condition) {
        if (!at.nextNonSpaceIs('{')) {
            return condition ? text(at.rest()) : "";
        }
        at.skipSpace();
        String ifTrue = at.group(this);
        at.skipSpace();
        if (at.atEnd()) {
            return condition ? text(ifTrue) : "";
        }
        if (at.peek() != ':') {
            throw syntax(at, "\":\" expected");
        }
        at.pos++;
        String ifFalse = whenFalse(at, condition);
        return condition ? text(ifTrue) : ifFalse;
    }

    /** The tail after ':': {v2} or a plain value, used when the condition is false. */
    private String whenFalse(Cursor at, boolean condition) {
        if (!at.nextNonSpaceIs('{')) {
            return condition ? "" : text(at.rest());
        }
        at.skipSpace();
        String ifFalse = at.group(this);
        at.skipSpace();
        if (!at.atEnd()) {
            throw syntax(at, "unexpected input");
        }
        return condition ? "" : text(ifFalse);
    }

    /** Parses and evaluates {a} OP {b}. */
    private boolean relational(Cursor at) {
        String left = text(at.group(this));
        at.skipSpace();
        String op = at.operator();
        if (op.isEmpty()) {
            throw syntax(at, "\"==\" or \"!=\" or \"<\" or \"<=\" or \">=\" or \">\" expected");
        }
        at.skipSpace();
        if (at.peek() != '{') {
            throw syntax(at, "\"{\" expected");
        }
        String right = text(at.group(this));
        int order;
        if (op.endsWith("level")) {
            order = compareLevels(left, right);
            op = op.substring(0, op.length() - "level".length());
        } else {
            order = compareValues(left, right);
        }
        switch (op) {
            case "==": return order == 0;
            case "!=": return order != 0;
            case "<": return order < 0;
            case "<=": return order <= 0;
            case ">": return order > 0;
            default: return order >= 0;
        }
    }

    /** Numeric when both are all digits, else lexicographic (Postfix's rule). */
    private static int compareValues(String a, String b) {
        if (allDigits(a) && allDigits(b)) {
            String x = stripZeros(a);
            String y = stripZeros(b);
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        return a.compareTo(b);
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    /** Compares compatibility levels major[.minor[.patch]] field by field. */
    private int compareLevels(String a, String b) {
        long[] x = level(a);
        long[] y = level(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Long.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private long[] level(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 3) {
            throw origin.error("malformed compatibility level syntax: \"" + text + "\"");
        }
        long[] fields = new long[3];
        for (int i = 0; i < parts.length; i++) {
            if (!allDigits(parts[i]) || parts[i].length() > 9) {
                throw origin.error("malformed compatibility level syntax: \"" + text + "\"");
            }
            fields[i] = Long.parseLong(parts[i]);
        }
        return fields;
    }

    private ConfigException syntax(Cursor at, String what) {
        return origin.error(what + " at: \"..." + at.text.substring(0, at.pos) + ">>>" + at.text.substring(at.pos) + "\"");
    }

    /** A read position inside the text of one ${...}. */
    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(pos);
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean nextNonSpaceIs(char c) {
            int i = pos;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i < text.length() && text.charAt(i) == c;
        }

        String rest() {
            String rest = text.substring(pos);
            pos = text.length();
            return rest;
        }

        /** Reads {...} at the cursor and returns what is inside the braces. */
        String group(Expander owner) {
            int close = matching(text, pos);
            if (close < 0) {
                throw owner.origin.error("missing '}' in \"" + text.substring(pos) + "\"");
            }
            String inside = text.substring(pos + 1, close);
            pos = close + 1;
            return inside;
        }

        /** Reads a relational operator, optionally followed by "level"; "" when there is none. */
        String operator() {
            String op = "";
            for (String candidate : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (text.startsWith(candidate, pos)) {
                    op = candidate;
                    break;
                }
            }
            pos += op.length();
            if (!op.isEmpty() && text.startsWith("level", pos)) {
                pos += "level".length();
                op += "level";
            }
            return op;
        }
    }
}
