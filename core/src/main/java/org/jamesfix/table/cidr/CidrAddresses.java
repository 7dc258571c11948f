package org.jamesfix.table.cidr;

import java.util.Optional;

import org.jamesfix.net.IpAddresses;

/**
 * Address text as cidr tables read and print it, which is inet_pton(3)/inet_ntop(3)'s view rather
 * than {@link IpAddresses}'s: a text with ':' is always IPv6 (so ::ffff:10.0.0.1 stays 16 bytes
 * and never matches an IPv4 pattern), a dotted-decimal part with a leading zero is not an address
 * (no octal, no "001"), and IPv6 with an IPv4 tail prints that tail dotted.
 */
final class CidrAddresses {
    private CidrAddresses() {
    }

    /** The address bytes (4 without ':', 16 with), or empty when inet_pton would refuse the text. */
    static Optional<byte[]> parse(String text) {
        boolean ipv6 = text.indexOf(':') >= 0;
        if (hasLeadingZeroOctet(text, ipv6 ? text.lastIndexOf(':') + 1 : 0)) {
            return Optional.empty();
        }
        Optional<byte[]> parsed = IpAddresses.parse(text);
        if (ipv6 && parsed.isPresent() && parsed.get().length == 4) {
            return Optional.of(mapped(parsed.get()));
        }
        return parsed;
    }

    /** The address as inet_ntop(3) prints it (glibc): "::ffff:10.0.0.0", "::0.1.0.2", "2001:db8::". */
    static String format(byte[] address) {
        if (address.length == 4) {
            return IpAddresses.format(address);
        }
        int zeroWords = 0;
        while (zeroWords < 8 && address[2 * zeroWords] == 0 && address[2 * zeroWords + 1] == 0) {
            zeroWords++;
        }
        boolean mappedTail = zeroWords == 5 && (address[10] & 0xff) == 0xff && (address[11] & 0xff) == 0xff;
        if (zeroWords == 6 || mappedTail) {
            byte[] tail = {address[12], address[13], address[14], address[15]};
            return (mappedTail ? "::ffff:" : "::") + IpAddresses.format(tail);
        }
        return IpAddresses.format(address);
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] address = new byte[16];
        address[10] = (byte) 0xff;
        address[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, address, 12, 4);
        return address;
    }

    // True when a dotted-decimal part from 'from' on has a component like "01" (inet_pton refuses).
    private static boolean hasLeadingZeroOctet(String text, int from) {
        if (text.indexOf('.', from) < 0) {
            return false;
        }
        int start = from;
        for (int i = from; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (i - start > 1 && text.charAt(start) == '0') {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
