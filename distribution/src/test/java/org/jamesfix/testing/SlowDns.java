package org.jamesfix.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on UDP port 53 of a loopback address that answers every query with NXDOMAIN after
 * a delay: a slow resolver for the packaged server's dnsservice.xml ({@link #useIn}). A test fails
 * when the address cannot be bound (port 53 needs root, as CI has). Close it to stop it.
 */
public final class SlowDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final String address;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger queries = new AtomicInteger();

    private SlowDns(DatagramSocket socket, String address, Duration delay) {
        this.socket = socket;
        this.address = address;
        Thread reader = new Thread(() -> serve(delay), "slow-dns");
        reader.setDaemon(true);
        reader.start();
    }

    /** Listens on {@code address}:53 and answers each query after {@code delay}. */
    public static SlowDns start(String address, Duration delay) throws IOException {
        DatagramSocket socket;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 53));
        } catch (IOException e) {
            // James names DNS servers without a port: the stand-in must be on 53 (CI runs as root).
            throw new IOException("cannot bind " + address + ":53 for the slow DNS: " + e.getMessage(), e);
        }
        return new SlowDns(socket, address, delay);
    }

    /** Points the dnsservice.xml of the install's {@code conf} folder at this resolver. */
    public void useIn(Path conf) throws IOException {
        Path dnsService = conf.resolve("dnsservice.xml");
        Files.writeString(dnsService, Files.readString(dnsService)
            .replace("<server>127.0.0.1</server>", "<server>" + address + "</server>"));
    }

    /** Queries received so far. */
    public int queries() {
        return queries.get();
    }

    private void serve(Duration delay) {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                queries.incrementAndGet();
                byte[] answer = Arrays.copyOf(query.getData(), query.getLength());
                // Same id and question; QR=1, RD kept, RA=1, RCODE=3 (NXDOMAIN); no answers.
                answer[2] = (byte) (0x80 | (answer[2] & 0x01));
                answer[3] = (byte) 0x83;
                for (int i = 6; i < 12; i++) {
                    answer[i] = 0;
                }
                DatagramPacket reply = new DatagramPacket(answer, answer.length, query.getSocketAddress());
                timer.schedule(() -> {
                    try {
                        socket.send(reply);
                    } catch (IOException e) {
                        // closed
                    }
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        timer.shutdownNow();
    }
}
