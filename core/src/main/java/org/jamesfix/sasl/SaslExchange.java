package org.jamesfix.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The PLAIN and LOGIN exchanges as Postfix runs them through Cyrus SASL, with the same replies
 * for every malformed answer. PLAIN wants {@code authzid NUL authcid NUL password}: a missing or
 * extra NUL is "bad protocol / cancel", an authorization identity other than the user's own is an
 * authentication failure. LOGIN asks for the user name, then the password. An empty user name is
 * Cyrus's temporary "generic failure". "*" in answer to a challenge aborts (RFC 4954).
 */
final class SaslExchange {
    private static final String GENERIC_FAILURE = "generic failure";
    // base64 of "Username:" and "Password:", the LOGIN challenges every client expects.
    private static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    private static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    private SaslExchange() {
    }

    /** The first step of an exchange; the initial response is what followed the mechanism name. */
    static SaslStep start(SaslMechanism mechanism, Optional<String> initialResponse) {
        return switch (mechanism) {
            case PLAIN -> initialResponse.map(SaslExchange::plain)
                .orElseGet(() -> challenge("", SaslExchange::plain));
            case LOGIN -> initialResponse.map(SaslExchange::loginUser)
                .orElseGet(() -> challenge(USERNAME_CHALLENGE, SaslExchange::loginUser));
        };
    }

    private static SaslStep plain(String response) {
        SaslBase64.Decoded decoded = SaslBase64.decode(response);
        if (!decoded.ok()) {
            return failed(decoded.error());
        }
        byte[] message = decoded.bytes();
        int first = nul(message, 0);
        int second = first < 0 ? -1 : nul(message, first + 1);
        if (second < 0 || nul(message, second + 1) >= 0) {
            return failed(SaslBase64.BAD_PROTOCOL);
        }
        String authorizationId = text(message, 0, first);
        String user = text(message, first + 1, second);
        String password = text(message, second + 1, message.length);
        if (user.isEmpty()) {
            return new SaslStep.Finished(SaslReply.temporaryFailure(GENERIC_FAILURE));
        }
        if (!authorizationId.isEmpty() && !authorizationId.equals(user)) {
            // Acting as another user needs a proxy policy Jamesfix does not have.
            return failed(SmtpdSasl.AUTHENTICATION_FAILURE);
        }
        return new SaslStep.Verify(user, password);
    }

    private static SaslStep loginUser(String response) {
        SaslBase64.Decoded decoded = SaslBase64.decode(response);
        if (!decoded.ok()) {
            return failed(decoded.error());
        }
        String user = text(decoded.bytes(), 0, decoded.bytes().length);
        return challenge(PASSWORD_CHALLENGE, line -> loginPassword(user, line));
    }

    private static SaslStep loginPassword(String user, String response) {
        SaslBase64.Decoded decoded = SaslBase64.decode(response);
        if (!decoded.ok()) {
            return failed(decoded.error());
        }
        if (user.isEmpty()) {
            return new SaslStep.Finished(SaslReply.temporaryFailure(GENERIC_FAILURE));
        }
        return new SaslStep.Verify(user, text(decoded.bytes(), 0, decoded.bytes().length));
    }

    private static SaslStep challenge(String data, SaslStep.Continuation next) {
        return new SaslStep.Challenge(SaslReply.challenge(data),
            line -> "*".equals(line) ? new SaslStep.Finished(SaslReply.ABORTED) : next.respond(line));
    }

    private static SaslStep failed(String reason) {
        return new SaslStep.Finished(SaslReply.failure(reason));
    }

    private static int nul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(Arrays.copyOfRange(bytes, from, to), StandardCharsets.UTF_8);
    }
}
