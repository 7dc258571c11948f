package org.jamesfix.table.regexp;

import java.nio.charset.StandardCharsets;

/**
 * Postfix matches regexp and pcre tables against bytes (glibc regcomp in the C locale, PCRE2
 * without UTF mode), so "é" is two characters to "." and never equal to "É" under the i flag.
 * We reproduce that by matching a "byte string": the UTF-8 bytes of the text, one char per byte
 * (ISO-8859-1), which java.util.regex then sees exactly as Postfix's engines see the bytes.
 *
 * Limits: none beyond UTF-8 itself; unpaired surrogates in keys become '?' as in any UTF-8
 * encoding.
 */
final class ByteText {
    private ByteText() {
    }

    /** The byte string of {@code text}; the same instance when it is plain ASCII. */
    static String fromUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }

    /** The Unicode text of a byte string (bytes that are not UTF-8 become U+FFFD). */
    static String toUnicode(String bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.charAt(i) >= 0x80) {
                return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return bytes;
    }

    /** ASCII-only lower case, the only folding both engines apply in the C locale. */
    static char fold(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** {@link #fold(char)} applied to every char. */
    static String fold(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = text.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    chars[j] = fold(chars[j]);
                }
                return new String(chars);
            }
        }
        return text;
    }

    /** A Java regex escape for one byte char: safe inside and outside bracket classes. */
    static String quote(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return String.valueOf(c);
        }
        return String.format("\\x%02x", (int) c);
    }
}
