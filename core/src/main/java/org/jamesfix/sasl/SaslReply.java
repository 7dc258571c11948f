package org.jamesfix.sasl;

/**
 * One SMTP reply of the AUTH dialogue: the code and the rest of the line, enhanced status code
 * included ({@code 535}, {@code 5.7.8 Error: authentication failed: authentication failure}).
 * A 334 challenge has only the base64 data (possibly empty) as text. Immutable.
 */
public record SaslReply(int code, String text) {

    /** Postfix's reply to a successful exchange. */
    public static final SaslReply SUCCESS = new SaslReply(235, "2.7.0 Authentication successful");

    /** The client sent "*" in answer to a challenge. */
    public static final SaslReply ABORTED = new SaslReply(501, "5.7.0 Authentication aborted");

    /** A 535 with Postfix's wording around the reason given by the SASL backend. */
    public static SaslReply failure(String reason) {
        return new SaslReply(535, "5.7.8 Error: authentication failed: " + reason);
    }

    /** A 454 (the backend could not decide) with Postfix's wording. */
    public static SaslReply temporaryFailure(String reason) {
        return new SaslReply(454, "4.7.0 Temporary authentication failure: " + reason);
    }

    static SaslReply challenge(String base64) {
        return new SaslReply(334, base64);
    }

    /** The line as sent, e.g. {@code 334 } for an empty challenge. */
    @Override
    public String toString() {
        return code + " " + text;
    }
}
