package org.jamesfix.sasl;

/**
 * What the server does next in an AUTH exchange: send a 334 challenge and wait for the client's
 * answer, check a user name and password, or end with a reply.
 */
public sealed interface SaslStep {

    /** Send {@code reply} (a 334) and give the client's next line, without CRLF, to {@code next}. */
    record Challenge(SaslReply reply, Continuation next) implements SaslStep {
    }

    /**
     * Check these credentials: if they are good, answer {@link SaslReply#SUCCESS}, else
     * {@link SaslReply#failure} with {@link SmtpdSasl#AUTHENTICATION_FAILURE}.
     */
    record Verify(String username, String password) implements SaslStep {
    }

    /** The exchange is over: send this reply. */
    record Finished(SaslReply reply) implements SaslStep {
    }

    /** The rest of an exchange after a challenge. */
    @FunctionalInterface
    interface Continuation {
        SaslStep respond(String line);
    }
}
