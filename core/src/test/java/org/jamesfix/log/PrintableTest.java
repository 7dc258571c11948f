package org.jamesfix.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Postfix's printable() as observed in var/log/maillog of Postfix 3.7.11 (smtputf8_enable = yes):
 * HELO "a\rb.example" logged as helo=<a?b.example>; AUTH PLAIN user names "a\nb", "a\rb",
 * "a\tb\x7fc", "a\xc3\xa9\xffz" (bytes) logged as sasl_username=a?b, a?b, a?b?c, a\u00e9?z.
 * Escapes in the table: \n \r \t, \\u and \x as Java writes them (decoded below).
 */
class PrintableTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "plain.example                     | plain.example",
        "a\\rb.example                     | a?b.example",
        "x\\npostfix/smtpd[1]: warning: x  | x?postfix/smtpd[1]: warning: x",
        "a\\tb\\u007fc                     | a?b?c",
        "caf\\u00e9                        | caf\\u00e9",
        "a\\u00e9\\ufffdz                  | a\\u00e9?z",
        "\\u0000\\u001b[31m                | ??[31m",
        "emoji \\ud83d\\ude00              | emoji \\ud83d\\ude00",
        "lone \\ud83d surrogate            | lone ? surrogate",
        "lone \\ude00                      | lone ?",
    })
    void ofShouldReplaceWhatPostfixReplaces(String input, String expected) {
        assertThat(Printable.of(unescape(input.trim()))).isEqualTo(unescape(expected.trim()));
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char kind = text.charAt(++i);
            switch (kind) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("escape \\" + kind);
            }
        }
        return out.toString();
    }
}
