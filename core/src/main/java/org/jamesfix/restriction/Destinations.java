package org.jamesfix.restriction;

import java.util.Locale;

import org.jamesfix.address.AddressClass;
import org.jamesfix.address.AddressResolver;
import org.jamesfix.policy.Policy;

/**
 * Postfix's "is this recipient an authorized destination?" (smtpd_check.c's permit_auth_destination
 * test), shared by the restrictions permit_auth_destination, reject_unauth_destination and
 * defer_unauth_destination and by the matcher RecipientIsUnauthDestination, so that SMTP time and
 * the mail pipeline decide alike. The recipient is resolved as trivial-rewrite does (percent hack,
 * bang paths, source routes, quoted local parts, trailing dot, case); it is authorized when its
 * final domain is local ($mydestination, own address literals), a virtual alias or mailbox domain,
 * or in $relay_domains (parents per parent_domain_matches_subdomains), and no routing operator is
 * left in its local part unless allow_untrusted_routing = yes. A bare user resolves to $myorigin;
 * a bare bang path ({@code foreign.example!user}) is resolved like any routing form.
 *
 * The answer has three values: a failed domain-list lookup is neither yes nor no. The restrictions
 * answer it with Postfix's 451 4.3.0 "Temporary lookup failure"; each other caller says what it
 * does. Addresses the resolver refuses as bad syntax are UNAUTHORIZED. Immutable and thread-safe.
 */
public final class Destinations {
    private final AddressResolver resolver;
    private final boolean allowUntrustedRouting;

    /** The three answers. */
    public enum Outcome {
        AUTHORIZED, UNAUTHORIZED, LOOKUP_FAILED
    }

    /** One answer, and the resolution it came from, to explain it in logs. */
    public record Verdict(Outcome outcome, AddressResolver.Resolution resolution) {
        public boolean isAuthorized() {
            return outcome == Outcome.AUTHORIZED;
        }

        /** Why, in words: the final address and its class, the syntax problem, or the failed lookup. */
        public String reason() {
            if (resolution instanceof AddressResolver.Failed failed) {
                return "lookup failed: " + failed.reason();
            }
            if (resolution instanceof AddressResolver.SyntaxError error) {
                return "bad address syntax: " + error.reason();
            }
            AddressResolver.Resolved resolved = (AddressResolver.Resolved) resolution;
            String where = "resolves to " + resolved.address().toExternalForm() + ", class "
                + resolved.addressClass().name().toLowerCase(Locale.ROOT);
            // Not authorized although the class is: routing left in the local part.
            return outcome == Outcome.UNAUTHORIZED && resolved.addressClass() != AddressClass.DEFAULT
                ? where + ", routed (allow_untrusted_routing = no)" : where;
        }
    }

    public Destinations(AddressResolver resolver, boolean allowUntrustedRouting) {
        this.resolver = resolver;
        this.allowUntrustedRouting = allowUntrustedRouting;
    }

    /** The test over a policy's own resolver and its allow_untrusted_routing. */
    public static Destinations of(Policy policy) {
        return new Destinations(policy.addressResolver(), policy.parameters().getBoolean("allow_untrusted_routing"));
    }

    /** Classifies one recipient address (the text between RCPT TO's angle brackets). */
    public Verdict check(String recipient) {
        AddressResolver.Resolution resolution = resolver.resolve(recipient);
        Outcome outcome;
        if (resolution instanceof AddressResolver.Failed) {
            outcome = Outcome.LOOKUP_FAILED;
        } else if (resolution instanceof AddressResolver.Resolved resolved
                && (!resolved.address().hasDomain() || resolved.isAuthDestination(allowUntrustedRouting))) {
            // No domain after resolution: Postfix's "no domain, OK" (asked of the resolved address,
            // so a bang path, which has one, is not waved through).
            outcome = Outcome.AUTHORIZED;
        } else {
            outcome = Outcome.UNAUTHORIZED;
        }
        return new Verdict(outcome, resolution);
    }
}
