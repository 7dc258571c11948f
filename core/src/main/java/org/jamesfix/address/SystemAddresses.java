package org.jamesfix.address;

import java.util.Locale;

/**
 * The local parts Postfix's mail system answers for itself in every local domain: postmaster
 * (RFC 5321), MAILER-DAEMON (the From of bounces) and $double_bounce_sender. smtpd(8) accepts
 * them in a local domain without consulting local_recipient_maps (smtpd_check.c compares the
 * resolved address case-insensitively up to its '@', so {@code postmaster+x@...} is not one);
 * the pipeline must then deliver them. Immutable.
 */
public record SystemAddresses(String doubleBounceSender) {

    public SystemAddresses {
        if (doubleBounceSender.isEmpty()) {
            throw new IllegalArgumentException("double_bounce_sender must not be empty");
        }
    }

    /** Whether {@code localPart} (of an address in a local domain) is one of the three. */
    public boolean isSystemLocalPart(String localPart) {
        String lower = localPart.toLowerCase(Locale.ROOT);
        return lower.equals("postmaster") || lower.equals("mailer-daemon")
            || lower.equals(doubleBounceSender.toLowerCase(Locale.ROOT));
    }
}
