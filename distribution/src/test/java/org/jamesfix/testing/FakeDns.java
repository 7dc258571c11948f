package org.jamesfix.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.james.dnsservice.api.DNSService;

import com.google.common.net.InetAddresses;

/**
 * James's DNS for tests: host names per address (PTR) and addresses per name (A/AAAA) come from
 * maps a test may replace between SMTP sessions; every other name does not exist and no domain
 * has MX or TXT records. Literal addresses resolve to themselves and "localhost" to the loopback
 * address without asking anything, so James's own start (authorizedAddresses, domain list) works.
 * Bind it with {@code InProcessJamesfix.start(workDir, edit, binder -> binder.bind(DNSService.class).toInstance(dns))}.
 */
public final class FakeDns implements DNSService {
    private volatile Map<InetAddress, String> reverse = Map.of();
    private volatile Map<String, List<InetAddress>> forward = Map.of();

    /** Names that forward-confirm: each address has its name, and the name resolves back to that address. */
    public void useConfirmedNames(Map<String, String> nameByAddress) {
        Map<InetAddress, String> names = nameByAddress.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(entry -> literal(entry.getKey()), Map.Entry::getValue));
        Map<String, List<InetAddress>> addresses = names.entrySet().stream()
            .collect(Collectors.groupingBy(entry -> key(entry.getValue()),
                Collectors.mapping(Map.Entry::getKey, Collectors.toUnmodifiableList())));
        use(names, addresses);
    }

    /** Separate reverse and forward answers, for names that do not forward-confirm. */
    public void use(Map<InetAddress, String> nameByAddress, Map<String, List<InetAddress>> addressesByName) {
        this.forward = addressesByName.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(entry -> key(entry.getKey()), entry -> List.copyOf(entry.getValue())));
        this.reverse = Map.copyOf(nameByAddress);
    }

    @Override
    public Collection<String> findMXRecords(String hostname) {
        return List.of();
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return List.of();
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        if (InetAddresses.isInetAddress(host)) {
            return List.of(InetAddresses.forString(host));
        }
        if (key(host).equals("localhost")) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        List<InetAddress> addresses = forward.get(key(host));
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(host + ": no such name in FakeDns");
        }
        return addresses;
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return getAllByName(host).iterator().next();
    }

    @Override
    public InetAddress getLocalHost() {
        return InetAddress.getLoopbackAddress();
    }

    /** The name of the address, or its literal when it has none (as James's DNSJavaService answers). */
    @Override
    public String getHostName(InetAddress address) {
        return reverse.getOrDefault(address, address.getHostAddress());
    }

    private static InetAddress literal(String address) {
        return InetAddresses.forString(address);
    }

    // DNS names compare case-insensitively and without the root dot.
    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
