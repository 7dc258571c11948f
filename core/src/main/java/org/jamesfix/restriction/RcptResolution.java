package org.jamesfix.restriction;

import org.jamesfix.address.AddressResolver;

/**
 * The policy's address resolver, remembering the last answer per thread: one RCPT TO asks about
 * its address up to three times (syntax, reject_unauth_destination, local_recipient_maps), and
 * SMTP threads check one command at a time. {@link #fresh} starts each RCPT with a new answer,
 * so a table reload is never hidden for longer than one command.
 */
final class RcptResolution implements AddressResolver {
    private final AddressResolver resolver;
    private final ThreadLocal<Last> last = ThreadLocal.withInitial(Last::new);

    RcptResolution(AddressResolver resolver) {
        this.resolver = resolver;
    }

    /** Resolves anew and remembers the answer for this thread. */
    Resolution fresh(String address) {
        Last entry = last.get();
        entry.address = address;
        entry.resolution = resolver.resolve(address);
        return entry.resolution;
    }

    @Override
    public Resolution resolve(String address) {
        Last entry = last.get();
        return address.equals(entry.address) ? entry.resolution : fresh(address);
    }

    /** One thread's last question and answer. */
    private static final class Last {
        String address;
        Resolution resolution;
    }
}
