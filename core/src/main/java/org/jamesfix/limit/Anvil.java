package org.jamesfix.limit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Postfix's anvil(8) for one SMTP service: per client address, the number of open connections
 * and the number of connections and AUTH commands in the current rate window of
 * anvil_rate_time_unit. As in anvil, a window starts at a client's first event and a new one starts
 * once it has passed. An address with no open connection and an expired window is forgotten.
 * Thread-safe (one instance per listener, shared by its sessions); the clock is injectable for tests.
 * Counts are per server process, as Postfix's anvil counts per host.
 */
public final class Anvil {
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Client> clients = new HashMap<>();

    public Anvil(Duration rateTimeUnit, LongSupplier nanoClock) {
        if (rateTimeUnit.isZero() || rateTimeUnit.isNegative()) {
            throw new IllegalArgumentException("anvil_rate_time_unit must be positive");
        }
        this.windowNanos = rateTimeUnit.toNanos();
        this.nanoClock = nanoClock;
    }

    /** What a new connection sees: open connections and connection rate, this one included. */
    public record Admission(int count, int rate) {
    }

    /** A client connected; the caller must call {@link #disconnect} once it goes. */
    public synchronized Admission connect(String address) {
        Client client = client(address);
        client.count++;
        client.connections++;
        return new Admission(client.count, client.connections);
    }

    /** A client counted by {@link #connect} went away. */
    public synchronized void disconnect(String address) {
        Client client = clients.get(address);
        if (client != null && client.count > 0) {
            client.count--;
        }
        expire(nanoClock.getAsLong());
    }

    /** An AUTH command: the AUTH rate in the current window, this one included. */
    public synchronized int auth(String address) {
        Client client = client(address);
        return ++client.auths;
    }

    private Client client(String address) {
        long now = nanoClock.getAsLong();
        Client client = clients.computeIfAbsent(address, key -> new Client(now));
        if (now - client.windowStart >= windowNanos) {
            client.windowStart = now;
            client.connections = 0;
            client.auths = 0;
        }
        return client;
    }

    // Keeps the table as small as the set of clients with open connections or a live window.
    private void expire(long now) {
        clients.values().removeIf(client -> client.count == 0 && now - client.windowStart >= windowNanos);
    }

    /** The number of clients remembered (for tests). */
    synchronized int size() {
        expire(nanoClock.getAsLong());
        return clients.size();
    }

    private static final class Client {
        long windowStart;
        int count;
        int connections;
        int auths;

        Client(long windowStart) {
            this.windowStart = windowStart;
        }
    }
}
