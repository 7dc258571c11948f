package org.jamesfix.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses IPv4 and IPv6 address literals without ever asking DNS (InetAddress.getByName would
 * resolve anything that does not look like a literal). IPv4-mapped IPv6 addresses are returned as
 * IPv4, as Postfix compares them.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** The address bytes (4 or 16), or empty when the text is not an address literal. */
    public static Optional<byte[]> parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text);
    }

    /** Text form as Postfix prints it: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as "::"). */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
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

    /**
     * True when the first {@code prefix} bits of the address equal the network's; both arrays of
     * the same family (4 or 16 bytes). No allocation.
     */
    public static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefix % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & 0xff);
    }

    /** A copy of the address with every bit after the prefix cleared: its network. */
    public static byte[] masked(byte[] address, int prefix) {
        byte[] network = address.clone();
        for (int i = 0; i < network.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            network[i] &= (byte) (0xff << (8 - bits));
        }
        return network;
    }

    private static Optional<byte[]> parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return Optional.empty();
                }
            } else if (c == '.' && value >= 0 && part < 3) {
                bytes[part++] = (byte) value;
                value = -1;
            } else {
                return Optional.empty();
            }
        }
        if (part != 3 || value < 0) {
            return Optional.empty();
        }
        bytes[3] = (byte) value;
        return Optional.of(bytes);
    }

    private static Optional<byte[]> parseIpv6(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
            if (!allowed) {
                return Optional.empty();
            }
        }
        try {
            // A string with ':' and only hex digits, colons and dots is parsed as a literal: no lookup.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
