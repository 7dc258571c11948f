package org.jamesfix.restriction;

/**
 * An SMTP reply as Postfix's restriction engine sends it: the three-digit code, the enhanced
 * status code (RFC 3463, first digit always equal to the code's) and the text, e.g.
 * {@code 554 5.7.1 <x@foreign.example>: Relay access denied}. Immutable.
 */
public record Reply(int code, String enhancedCode, String text) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("bad SMTP reply code: " + code);
        }
    }

    /** True for a 4xx reply (Postfix's "defer"); false for 5xx. */
    public boolean isTemporary() {
        return code < 500;
    }

    /** The reply line as sent: {@code CODE X.Y.Z text}. */
    @Override
    public String toString() {
        return code + " " + enhancedCode + " " + text;
    }
}
