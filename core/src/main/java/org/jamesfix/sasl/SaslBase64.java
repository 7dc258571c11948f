package org.jamesfix.sasl;

import java.io.ByteArrayOutputStream;

/**
 * Base64 as Cyrus SASL decodes client responses for Postfix, so that malformed input gets
 * Postfix's reason: input is read in groups of four; a character outside the alphabet, data
 * after padding, or a padded group with a character after its first "=" is "bad protocol"; a
 * short last group without padding ("YWJj=", "=", unpadded input) is "another step is needed".
 * An empty line decodes to nothing.
 */
final class SaslBase64 {
    static final String BAD_PROTOCOL = "bad protocol / cancel";
    static final String INCOMPLETE = "another step is needed in authentication";

    private SaslBase64() {
    }

    /** The decoded bytes, or the reason the SASL backend gives for refusing the text. */
    record Decoded(byte[] bytes, String error) {
        boolean ok() {
            return error == null;
        }
    }

    static Decoded decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean padded = false;
        int at = 0;
        while (text.length() - at > 3) {
            if (padded) {
                return failed(BAD_PROTOCOL);
            }
            char c0 = text.charAt(at);
            char c1 = text.charAt(at + 1);
            char c2 = text.charAt(at + 2);
            char c3 = text.charAt(at + 3);
            at += 4;
            if (value(c0) < 0 || value(c1) < 0 || (c2 != '=' && value(c2) < 0) || (c3 != '=' && value(c3) < 0)
                    || (c2 == '=' && c3 != '=')) {
                return failed(BAD_PROTOCOL);
            }
            padded = c2 == '=' || c3 == '=';
            out.write((value(c0) << 2) | (value(c1) >> 4));
            if (c2 != '=') {
                out.write(((value(c1) << 4) & 0xf0) | (value(c2) >> 2));
                if (c3 != '=') {
                    out.write(((value(c2) << 6) & 0xc0) | value(c3));
                }
            }
        }
        if (at < text.length()) {
            return failed(padded ? BAD_PROTOCOL : INCOMPLETE);
        }
        return new Decoded(out.toByteArray(), null);
    }

    private static Decoded failed(String reason) {
        return new Decoded(new byte[0], reason);
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        return c == '/' ? 63 : -1;
    }
}
