package org.jamesfix.config;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * What computed defaults need to know about the machine: its hostname (as gethostname() gives
 * it, the source Postfix uses for myhostname) and its interface addresses with prefix lengths
 * (for mynetworks). Injected so that tests are deterministic; {@link #local()} reads this host.
 */
public record HostFacts(String hostname, List<HostAddress> addresses) {

    public HostFacts {
        addresses = List.copyOf(addresses);
    }

    /** One interface address and the prefix length of its subnet. */
    public record HostAddress(InetAddress address, int prefixLength) {
        /** Parses "192.0.2.2/24" or "fd00::2/64" (literals only, never DNS). */
        public static HostAddress parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("missing /prefix: " + text);
            }
            String literal = text.substring(0, slash);
            if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new IllegalArgumentException("not an address literal: " + text);
            }
            try {
                return new HostAddress(InetAddress.getByName(literal), Integer.parseInt(text.substring(slash + 1)));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("bad address: " + text, e);
            }
        }
    }

    /** Facts for tests: a hostname and addresses such as "127.0.0.1/8", "::1/128". */
    public static HostFacts of(String hostname, String... addresses) {
        List<HostAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            parsed.add(HostAddress.parse(address));
        }
        return new HostFacts(hostname, parsed);
    }

    /** This machine's hostname and interface addresses (loopback included, IPv6 scope dropped). */
    public static HostFacts local() {
        return new HostFacts(localHostname(), localAddresses());
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Interface addresses ordered as Postfix lists them: by interface index, then by address. */
    private static List<HostAddress> localAddresses() {
        List<NetworkInterface> interfaces;
        try {
            interfaces = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
        } catch (SocketException e) {
            // Why: without interfaces Postfix still trusts loopback; so do we.
            return List.of(HostAddress.parse("127.0.0.1/8"), HostAddress.parse("::1/128"));
        }
        interfaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
        List<HostAddress> result = new ArrayList<>();
        for (NetworkInterface nic : interfaces) {
            List<HostAddress> own = new ArrayList<>();
            for (InterfaceAddress address : nic.getInterfaceAddresses()) {
                try {
                    own.add(new HostAddress(InetAddress.getByAddress(address.getAddress().getAddress()),
                        address.getNetworkPrefixLength()));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("interface address of bad length", e);
                }
            }
            own.sort(Comparator.comparing((HostAddress a) -> a.address().getAddress().length)
                .thenComparing(a -> a.address().getAddress(), Arrays::compareUnsigned));
            result.addAll(own);
        }
        return result;
    }
}
