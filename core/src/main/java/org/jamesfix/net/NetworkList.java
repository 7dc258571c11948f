package org.jamesfix.net;

import java.util.ArrayList;
import java.util.List;

/**
 * A Postfix network list such as mynetworks: {@code 127.0.0.0/8 [::1]/128 !192.0.2.1}, searched
 * in order, first match wins, {@code !} excludes. IPv6 networks are written in brackets, as Postfix
 * requires in main.cf. Lookup tables ({@code type:name}) and /file/name patterns come with the
 * lookup-table support; until then they are refused with a clear error.
 */
public final class NetworkList {
    private final List<Entry> entries;

    private NetworkList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses list elements; throws IllegalArgumentException naming the bad element. */
    public static NetworkList parse(List<String> elements) {
        List<Entry> entries = new ArrayList<>(elements.size());
        for (String element : elements) {
            boolean negated = element.startsWith("!");
            String network = negated ? element.substring(1) : element;
            if (network.startsWith("/") || network.matches("[a-z0-9_-]+:.*") && !network.startsWith("[")) {
                throw new IllegalArgumentException("\"" + element + "\": lookup tables and pattern files"
                    + " are not supported in network lists yet");
            }
            CidrBlock.Result parsed = CidrBlock.parse(unbracketed(network));
            if (parsed.block().isEmpty()) {
                throw new IllegalArgumentException(parsed.error());
            }
            entries.add(new Entry(parsed.block().get(), negated));
        }
        return new NetworkList(entries);
    }

    /** True when the first entry that contains the address is not negated. */
    public boolean contains(byte[] address) {
        for (Entry entry : entries) {
            if (entry.block().contains(address)) {
                return !entry.negated();
            }
        }
        return false;
    }

    /** Same as {@link #contains(byte[])} for an address literal; false for anything else. */
    public boolean contains(String address) {
        return IpAddresses.parse(address).map(this::contains).orElse(false);
    }

    // "[::1]/128" -> "::1/128"; Postfix also accepts "[::1/128]".
    private static String unbracketed(String network) {
        if (!network.startsWith("[")) {
            return network;
        }
        int close = network.indexOf(']');
        if (close < 0) {
            throw new IllegalArgumentException("\"" + network + "\": missing \"]\"");
        }
        return network.substring(1, close) + network.substring(close + 1);
    }

    private record Entry(CidrBlock block, boolean negated) {
    }
}
