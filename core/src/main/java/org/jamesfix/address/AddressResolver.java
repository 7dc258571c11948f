package org.jamesfix.address;

/**
 * Postfix's trivial-rewrite "resolve" for the SMTP relay decision: turns an address as the
 * client sent it (percent hack, bang paths, source routes, quoted local parts, trailing dots ...)
 * into the address mail would really go to, and the class of its domain.
 */
public interface AddressResolver {

    /** Resolves a RCPT TO address (the text between the angle brackets, as sent). */
    Resolution resolve(String address);

    /** The outcome: the final address and its class, or a syntax error Postfix would reply to. */
    sealed interface Resolution permits Resolved, SyntaxError {
    }

    /** The final address and the class of its domain. */
    record Resolved(EmailAddress address, AddressClass addressClass) implements Resolution {
    }

    /** An address Postfix refuses as "501 5.1.3 Bad recipient address syntax". */
    record SyntaxError(String reason) implements Resolution {
    }
}
