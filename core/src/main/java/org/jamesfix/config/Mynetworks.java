package org.jamesfix.config;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

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
            byte[] network = mask(bytes, prefix);
            if (bytes.length == 4) {
                ipv4.add(formatIpv4(network) + "/" + prefix);
            } else {
                ipv6.add("[" + formatIpv6(network) + "]/" + prefix);
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

    private static byte[] mask(byte[] address, int prefix) {
        byte[] network = address.clone();
        for (int i = 0; i < network.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            network[i] &= (byte) (0xff << (8 - bits));
        }
        return network;
    }

    private static String formatIpv4(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    /** RFC 5952 text: lowercase hex, the longest run of two or more zero groups as "::". */
    static String formatIpv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j - 1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
