package org.jamesfix.sasl;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The SASL mechanisms James's SMTP server can verify: PLAIN (RFC 4616) and LOGIN, in the order
 * Postfix announces them with Cyrus SASL's {@code mech_list: PLAIN LOGIN}. Both send the password
 * itself, so they offer none of the properties the security options ask for except "not
 * anonymous": any option other than noanonymous leaves no mechanism at all.
 */
public enum SaslMechanism {
    PLAIN,
    LOGIN;

    private static final Set<SaslSecurityOption> SATISFIED = EnumSet.of(SaslSecurityOption.NOANONYMOUS);

    /** True when these security options keep this mechanism. */
    public boolean allowedBy(Set<SaslSecurityOption> options) {
        return SATISFIED.containsAll(options);
    }

    /** The mechanism of an AUTH command (names are case-insensitive), if James has it. */
    public static Optional<SaslMechanism> named(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
