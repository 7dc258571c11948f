package org.jamesfix.config;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.jamesfix.net.IpAddresses;

/**
 * Computes the default mynetworks from mynetworks_style and the interface addresses, in the form
 * Postfix 3.7 postconf prints: IPv4 networks first, then IPv6 in brackets, space separated, e.g.
 * {@code 127.0.0.0/8 192.0.2.0/24 [::1]/128 [fd00::]/64}. Styles: host (each address /32 or
 * /128), subnet (each interface subnet), class (IPv4 class A/B/C/D network; IPv6 as subnet).
 * Errors: an unknown style (IllegalArgumentException with Postfix's wording).
 */
final class Mynetworks {
    private Mynetworks() {
    }

    /** The mynetworks value for a style. */
    static String compute(String style, HostFacts facts) {
        String normalized = style.toLowerCase(Locale.ROOT);
        if (!normalized.equals("host") && !normalized.equals("subnet") && !normalized.equals("class")) {
            throw new IllegalArgumentException("unknown mynetworks mask style value \"" + style + "\" in \"" + style + "\"");
        }
        Set<String> ipv4 = new LinkedHashSet<>();
        Set<String> ipv6 = new LinkedHashSet<>();
        for (HostFacts.HostAddress address : facts.addresses()) {
            byte[] bytes = address.address().getAddress();
            int prefix = prefixFor(normalized, bytes, address.prefixLength());
            byte[] network = IpAddresses.masked(bytes, prefix);
            if (bytes.length == 4) {
                ipv4.add(IpAddresses.format(network) + "/" + prefix);
            } else {
                ipv6.add("[" + IpAddresses.format(network) + "]/" + prefix);
            }
        }
        Set<String> all = new LinkedHashSet<>(ipv4);
        all.addAll(ipv6);
        return String.join(" ", all);
    }

    /** The prefix length a style gives one address. */
    private static int prefixFor(String style, byte[] address, int subnetPrefix) {
        int full = address.length * 8;
        if (style.equals("host")) {
            return full;
        }
        if (style.equals("class") && address.length == 4) {
            int first = address[0] & 0xff;
            if (first < 128) {
                return 8;
            }
            if (first < 192) {
                return 16;
            }
            if (first < 224) {
                return 24;
            }
            return first < 240 ? 4 : full;
        }
        return Math.max(0, Math.min(full, subnetPrefix));
    }
}
