package org.jamesfix.table.simple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The brace notation Postfix uses for table names written in line: {@code {a, b, { c d }}}.
 * A name is one balanced {@code {...}} group; inside it, items are separated by commas and
 * whitespace, and an item may itself be a {@code {...}} group, which protects its commas and
 * spaces. Shared by inline:, static:, unionmap:, pipemap: and cidr:{...}.
 *
 * Errors come back as Postfix's texts (the callers wrap them in their own message), never as
 * exceptions, because each table type words the surrounding message differently.
 */
public final class BraceSyntax {
    private static final String SEPARATORS = ", \t\r\n";

    private BraceSyntax() {
    }

    /** The text between the outer braces, when {@code name} is exactly one balanced group. */
    public static Optional<String> inside(String name) {
        int length = balancedLength(name, 0);
        if (length == 0 || length != name.length()) {
            return Optional.empty();
        }
        return Optional.of(name.substring(1, length - 1));
    }

    /**
     * The items of a list: split on commas and whitespace outside braces; empty items are
     * dropped; a {@code {...}} item keeps its braces.
     */
    public static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && SEPARATORS.indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            if (i == text.length()) {
                break;
            }
            int start = i;
            int level = 0;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    level++;
                } else if (c == '}' && level > 0) {
                    level--;
                } else if (level == 0 && SEPARATORS.indexOf(c) >= 0) {
                    break;
                }
            }
            items.add(text.substring(start, i));
        }
        return items;
    }

    /** One item in braces, unwrapped and trimmed; or Postfix's complaint about it. */
    public static Unwrapped unwrap(String item) {
        if (item.isEmpty() || item.charAt(0) != '{') {
            return Unwrapped.error("no '{' at start of text in \"" + item + "\"");
        }
        int length = balancedLength(item, 0);
        if (length == 0) {
            return Unwrapped.error("missing '}' in \"" + item + "\"");
        }
        if (length != item.length()) {
            return Unwrapped.error("syntax error after '}' in \"" + item + "\"");
        }
        return new Unwrapped(item.substring(1, length - 1).strip(), "");
    }

    // Length of the balanced group starting at 'from' (which must be '{'), or 0 when unbalanced.
    private static int balancedLength(String text, int from) {
        if (from >= text.length() || text.charAt(from) != '{') {
            return 0;
        }
        int level = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                level++;
            } else if (c == '}' && --level == 0) {
                return i - from + 1;
            }
        }
        return 0;
    }

    /** The text inside one {@code {...}} item, or why it is not one (error non-empty). */
    public record Unwrapped(String text, String error) {
        static Unwrapped error(String error) {
            return new Unwrapped("", error);
        }

        public boolean ok() {
            return error.isEmpty();
        }
    }
}
