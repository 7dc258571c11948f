package org.jamesfix.address;

import java.util.ArrayList;
import java.util.List;

/**
 * The flat token list Postfix's trivial-rewrite works on (global/tok822_parse.c's scanner, without
 * the parse tree): atoms, quoted strings, domain literals and the one-character operators
 * {@code | % !} and RFC 822 specials. Used by {@link PostfixAddressResolver} only; a mutable
 * working list local to one resolve call.
 *
 * Limits: comments and white space are dropped, as the scanner does for addresses.
 */
final class AddressTokens {
    static final char ATOM = 'A';
    static final char QSTRING = 'Q';
    static final char DOMLIT = 'D';
    private static final String OPERATORS = "|%!()<>@,;:\\\".[]";

    /** One token: its type (ATOM, QSTRING, DOMLIT or the operator character) and its text. */
    record Token(char type, String text) {
        static Token operator(char c) {
            return new Token(c, "");
        }
    }

    private AddressTokens() {
    }

    /** Splits external (quoted) address text into tokens. */
    static List<Token> scan(String text) {
        List<Token> tokens = new ArrayList<>(8);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i++);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            if (c == '(') {
                i = skipComment(text, i);
            } else if (c == '[' || c == '"') {
                char close = c == '[' ? ']' : '"';
                StringBuilder value = new StringBuilder();
                while (i < n && text.charAt(i) != close) {
                    char d = text.charAt(i++);
                    if (d == '\\' && i < n) {
                        d = text.charAt(i++);
                    }
                    value.append(d);
                }
                i++;
                tokens.add(new Token(c == '[' ? DOMLIT : QSTRING, value.toString()));
            } else if (c != '\\' && OPERATORS.indexOf(c) >= 0) {
                tokens.add(Token.operator(c));
            } else {
                StringBuilder value = new StringBuilder();
                i--;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || (d != '\\' && OPERATORS.indexOf(d) >= 0)) {
                        break;
                    }
                    i++;
                    if (d == '\\' && i < n) {
                        d = text.charAt(i++);
                    }
                    value.append(d);
                }
                tokens.add(new Token(ATOM, value.toString()));
            }
        }
        return tokens;
    }

    private static int skipComment(String text, int from) {
        int depth = 1;
        int i = from;
        while (i < text.length() && depth > 0) {
            char c = text.charAt(i++);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return i;
    }

    /** The internal (unquoted) text of tokens [from, to). */
    static String internalize(List<Token> tokens, int from, int to) {
        StringBuilder out = new StringBuilder(32);
        for (int i = from; i < to; i++) {
            Token token = tokens.get(i);
            switch (token.type()) {
                case ATOM, QSTRING -> out.append(token.text());
                case DOMLIT -> out.append('[').append(token.text()).append(']');
                default -> out.append(token.type());
            }
        }
        return out.toString();
    }

    static String internalize(List<Token> tokens) {
        return internalize(tokens, 0, tokens.size());
    }

    /** Index of the last token of this type, or -1. */
    static int rfind(List<Token> tokens, char type) {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            if (tokens.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first token of this type at or after {@code from}, or -1. */
    static int find(List<Token> tokens, char type, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Quotes the local part of an internal address (global/quote_822_local.c): the part after a
     * leading source route and before the last '@' is made a quoted string unless it is a plain
     * dot-string (where '%' and '!' are allowed).
     */
    static String quoteLocal(String internal) {
        int start = 0;
        if (internal.startsWith("@")) {
            int colon = internal.indexOf(':');
            if (colon >= 0) {
                start = colon + 1;
            }
        }
        int end = internal.lastIndexOf('@');
        if (end < start) {
            end = internal.length();
        }
        if (isDotString(internal, start, end)) {
            return internal;
        }
        StringBuilder out = new StringBuilder(internal.length() + 4).append(internal, 0, start).append('"');
        for (int i = start; i < end; i++) {
            char c = internal.charAt(i);
            if (c == '"' || c == '\\' || c == '\r') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').append(internal, end, internal.length()).toString();
    }

    private static boolean isDotString(String text, int start, int end) {
        if (start == end || text.charAt(start) == '.' || text.charAt(end - 1) == '.') {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.' && i + 1 < end && text.charAt(i + 1) == '.') {
                return false;
            }
            if (c <= ' ' || c == 0x7f || "()<>@,;:\\\"[]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
