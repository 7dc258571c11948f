package org.jamesfix.address;

/**
 * Postfix's trivial-rewrite "resolve" for the SMTP relay decision: turns an address as the
 * client sent it (percent hack, bang paths, source routes, quoted local parts, trailing dots ...)
 * into the address mail would really go to, and the class of its domain.
 *
 * Coordination note (h-resolve): {@link Resolved} carries {@code routed}, and a third outcome
 * {@link Failed} exists because domain lists may name tables whose lookups fail; callers answer
 * it as Postfix's reject_dict_retry does (451 4.3.0, "try again later"), never as a non-match.
 */
public interface AddressResolver {

    /** Resolves a RCPT TO address (the text between the angle brackets, as sent). */
    Resolution resolve(String address);

    /** The outcome: the final address and its class, a syntax error, or a failed lookup. */
    sealed interface Resolution permits Resolved, SyntaxError, Failed {
        /** Whether the address resolved to a local domain ($mydestination, own address literals). */
        default boolean isLocal() {
            return this instanceof Resolved resolved && resolved.addressClass() == AddressClass.LOCAL;
        }
    }

    /**
     * The final address and the class of its domain. {@code routed} is Postfix's
     * RESOLVE_FLAG_ROUTED: the final local part still holds a routing operator ('@', '!' or '%'),
     * i.e. the next hop would route the mail further (user%foreign@relay.example).
     */
    record Resolved(EmailAddress address, AddressClass addressClass, boolean routed) implements Resolution {

        /**
         * permit_auth_destination's test: routed addresses only when allow_untrusted_routing,
         * then the classes LOCAL, VIRTUAL_ALIAS, VIRTUAL_MAILBOX and RELAY; DEFAULT never.
         */
        public boolean isAuthDestination(boolean allowUntrustedRouting) {
            if (routed && !allowUntrustedRouting) {
                return false;
            }
            return addressClass != AddressClass.DEFAULT;
        }
    }

    /** An address Postfix refuses as "501 5.1.3 Bad recipient address syntax". */
    record SyntaxError(String reason) implements Resolution {
    }

    /** A domain list could not be searched (table lookup failed): defer, never guess. */
    record Failed(String reason) implements Resolution {
    }
}
