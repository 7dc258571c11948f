package org.jamesfix.restriction;

import java.util.Locale;
import java.util.Map;

import org.jamesfix.address.AddressClass;
import org.jamesfix.address.AddressResolver;
import org.jamesfix.address.AddressSyntaxException;
import org.jamesfix.address.EmailAddress;

/**
 * A stand-in for the real resolver: classifies an address by its exact (lower-cased) domain, as
 * base.cf configures the recording Postfix (mydestination, relay_domains); no routing forms.
 */
record ExactDomainResolver(Map<String, AddressClass> classes) implements AddressResolver {
    static final ExactDomainResolver BASE = new ExactDomainResolver(Map.of(
        "mail.example.com", AddressClass.LOCAL,
        "example.com", AddressClass.LOCAL,
        "localhost", AddressClass.LOCAL,
        "[127.0.0.1]", AddressClass.LOCAL,
        "relay.example", AddressClass.RELAY));

    @Override
    public Resolution resolve(String address) {
        try {
            EmailAddress parsed = EmailAddress.parse(address);
            String domain = parsed.domain().orElse("").toLowerCase(Locale.ROOT);
            return new Resolved(parsed, classes.getOrDefault(domain, AddressClass.DEFAULT), false);
        } catch (AddressSyntaxException e) {
            return new SyntaxError(e.getMessage());
        }
    }
}
