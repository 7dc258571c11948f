package org.jamesfix.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts expanded values to typed ones with Postfix's rules (checked against Postfix 3.7):
 * booleans are yes/no in any letter case; INT and SIZE are optionally signed decimal numbers
 * without suffixes; TIME is a non-negative integer with an optional unit s, m, h, d or w (lower
 * case only); lists split on commas and whitespace, and "{ text }" keeps text (trimmed) as one
 * element. Errors are {@link ConfigException}s at the value's origin, worded as Postfix's.
 * Limit: Postfix ignores anything after a time unit ("5mx" is 5 minutes); we reject it.
 */
final class Values {
    private Values() {
    }

    static boolean toBoolean(String name, String value, Origin origin) {
        if (value.equalsIgnoreCase("yes")) {
            return true;
        }
        if (value.equalsIgnoreCase("no")) {
            return false;
        }
        throw origin.error("bad boolean configuration: " + name + " = " + value);
    }

    static int toInt(String name, String value, Origin origin) {
        long number = toSize(name, value, origin);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw origin.error("bad numerical configuration: " + name + " = " + value);
        }
        return (int) number;
    }

    static long toSize(String name, String value, Origin origin) {
        String text = value.strip();
        int digits = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        if (text.length() == digits || !isDigits(text, digits, text.length())) {
            throw origin.error("bad numerical configuration: " + name + " = " + value);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw origin.error("bad numerical configuration: " + name + " = " + value);
        }
    }

    static Duration toTime(String name, String value, char defaultUnit, Origin origin) {
        String text = value.strip();
        int end = 0;
        while (end < text.length() && Character.isDigit(text.charAt(end)) && text.charAt(end) < 128) {
            end++;
        }
        if (end == 0 || end < text.length() - 1) {
            throw badTime(name, value, origin);
        }
        char unit = end < text.length() ? text.charAt(end) : defaultUnit;
        long seconds = switch (unit) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            case 'w' -> 604800;
            default -> throw badTime(name, value, origin);
        };
        try {
            return Duration.ofSeconds(Math.multiplyExact(Long.parseLong(text.substring(0, end)), seconds));
        } catch (ArithmeticException | NumberFormatException e) {
            throw badTime(name, value, origin);
        }
    }

    private static ConfigException badTime(String name, String value, Origin origin) {
        return origin.error("parameter " + name + ": bad time value or unit: " + value);
    }

    private static boolean isDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Splits a list value; "{ a b }" is one element "a b". */
    static List<String> toList(String value, Origin origin) {
        List<String> elements = new ArrayList<>();
        int i = 0;
        int length = value.length();
        while (i < length) {
            while (i < length && isSeparator(value.charAt(i))) {
                i++;
            }
            if (i >= length) {
                break;
            }
            int start = i;
            int depth = 0;
            while (i < length && (depth > 0 || !isSeparator(value.charAt(i)))) {
                char c = value.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && depth > 0) {
                    depth--;
                }
                i++;
            }
            String token = value.substring(start, i);
            if (depth > 0) {
                throw origin.error("missing '}' in \"" + token + "\"");
            }
            elements.add(token.charAt(0) == '{' ? unbrace(token, origin) : token);
        }
        return List.copyOf(elements);
    }

    /** "{ text }" -> "text"; text after the closing brace is an error, as in Postfix. */
    private static String unbrace(String token, Origin origin) {
        int depth = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                if (i != token.length() - 1) {
                    throw origin.error("syntax error after '}' in \"" + token + "\"");
                }
                return token.substring(1, i).strip();
            }
        }
        throw origin.error("missing '}' in \"" + token + "\"");
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
