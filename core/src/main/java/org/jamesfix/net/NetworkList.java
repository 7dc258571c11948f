package org.jamesfix.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;

/**
 * A Postfix network list such as mynetworks: {@code 127.0.0.0/8 [::1]/128 !192.0.2.1}, searched
 * in order, first match wins, {@code !} excludes. IPv6 networks are written in brackets, as Postfix
 * requires in main.cf. A {@code type:name} element is a lookup table asked with the client
 * address text (cidr tables match networks; other types need the address as key); its value is
 * not used. A table that fails to answer counts as no match: an unanswerable client is not
 * trusted, and the search stops there. /file/name pattern files are not supported (refused with a clear error).
 */
public final class NetworkList {
    private final List<Entry> entries;

    private NetworkList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses list elements without tables (tests, tools); throws naming the bad element. */
    public static NetworkList parse(List<String> elements) {
        return parse(elements, spec -> {
            throw new IllegalArgumentException("\"" + spec + "\": no lookup tables here");
        });
    }

    /** Parses list elements, opening table specs; throws IllegalArgumentException naming the bad element. */
    public static NetworkList parse(List<String> elements, Function<String, LookupTable> openTable) {
        List<Entry> entries = new ArrayList<>(elements.size());
        for (String element : elements) {
            boolean negated = element.startsWith("!");
            String network = negated ? element.substring(1) : element;
            if (network.startsWith("/")) {
                throw new IllegalArgumentException("\"" + element + "\": pattern files are not supported in network lists");
            }
            if (TableRegistry.isSpec(network)) {
                entries.add(new Entry(Optional.empty(), Optional.of(openTable.apply(network)), negated));
                continue;
            }
            CidrBlock.Result parsed = CidrBlock.parse(unbracketed(network));
            if (parsed.block().isEmpty()) {
                throw new IllegalArgumentException(parsed.error());
            }
            entries.add(new Entry(parsed.block(), Optional.empty(), negated));
        }
        return new NetworkList(entries);
    }

    /** True when the first entry that contains the address is not negated. */
    public boolean contains(String address) {
        Optional<byte[]> bytes = IpAddresses.parse(address);
        if (bytes.isEmpty()) {
            return false;
        }
        for (Entry entry : entries) {
            if (entry.block().isPresent()) {
                if (entry.block().get().contains(bytes.get())) {
                    return !entry.negated();
                }
                continue;
            }
            // Postfix's form of the address ("::1", not Java's "0:0:0:0:0:0:0:1").
            LookupResult result = entry.table().get().lookup(IpAddresses.format(bytes.get()));
            if (result instanceof LookupResult.Found) {
                return !entry.negated();
            }
            if (result instanceof LookupResult.Failed) {
                return false;
            }
        }
        return false;
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

    /** A network or a table, possibly negated. */
    private record Entry(Optional<CidrBlock> block, Optional<LookupTable> table, boolean negated) {
    }
}
