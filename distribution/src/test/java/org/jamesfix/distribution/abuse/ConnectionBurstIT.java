package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of 200 connections must not stall the listener. The packaged server's DNS is a
 * resolver here that answers every query after 80 ms (NXDOMAIN), as the slow lookups that made a
 * new client wait 5-20 s for its greeting; the 200 clients come from 200 addresses, so no answer is
 * cached. A new client must be greeted, and an open session answered, within 2 s.
 */
class ConnectionBurstIT {
    private static final String DNS_ADDRESS = "127.0.0.153";
    private static final Duration BOUND = Duration.ofSeconds(2);

    @TempDir
    static Path install;
    private static PackagedJamesfix packaged;
    private static SlowDns dns;
    private static int smtp;

    @BeforeAll
    static void start() throws Exception {
        dns = SlowDns.start(DNS_ADDRESS, Duration.ofMillis(80));
        packaged = PackagedJamesfix.start(install.resolve("james"), conf -> {
            Path dnsService = conf.resolve("dnsservice.xml");
            Files.writeString(dnsService, Files.readString(dnsService)
                .replace("<server>127.0.0.1</server>", "<server>" + DNS_ADDRESS + "</server>"));
        });
        smtp = packaged.ports().of(TestPorts.SMTP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (packaged != null) {
            packaged.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void newClientShouldBeGreetedQuicklyWhenTwoHundredConnectionsAreOpen() throws Exception {
        List<SmtpDialog> open = new ArrayList<>();
        try {
            long burstStart = System.nanoTime();
            for (int i = 1; i <= 200; i++) {
                open.add(SmtpDialog.connect(smtp, "127.0.1." + i));
            }
            Duration burst = Duration.ofNanos(System.nanoTime() - burstStart);
            assertThat(open).allSatisfy(dialog -> assertThat(dialog.greeting()).startsWith("220 "));

            long start = System.nanoTime();
            try (SmtpDialog late = SmtpDialog.connect(smtp, "127.0.0.9")) {
                assertThat(late.greeting()).startsWith("220 ");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
            }
            long noop = System.nanoTime();
            assertThat(open.get(0).send("NOOP")).startsWith("250");
            assertThat(Duration.ofNanos(System.nanoTime() - noop)).isLessThan(BOUND);
            // 200 greetings in a row, each after at least one 80 ms lookup before the fix (16 s).
            assertThat(burst).isLessThan(Duration.ofSeconds(10));
            assertThat(dns.queries()).isGreaterThan(0);
            // The name is still looked up: a session that goes on gets it (NXDOMAIN: "unknown").
            SmtpDialog first = open.get(0);
            first.send("EHLO client.example");
            assertThat(first.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
        } finally {
            for (SmtpDialog dialog : open) {
                dialog.close();
            }
        }
    }

    /** A DNS server that answers every query with NXDOMAIN after a delay. */
    static final class SlowDns implements AutoCloseable {
        private final DatagramSocket socket;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Thread reader;
        private volatile int queries;

        private SlowDns(DatagramSocket socket, Duration delay) {
            this.socket = socket;
            this.reader = new Thread(() -> serve(delay), "slow-dns");
            reader.setDaemon(true);
            reader.start();
        }

        static SlowDns start(String address, Duration delay) throws IOException {
            DatagramSocket socket;
            try {
                socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 53));
            } catch (IOException e) {
                assumeTrue(false, "cannot bind " + address + ":53 for the slow DNS: " + e.getMessage());
                throw e;
            }
            return new SlowDns(socket, delay);
        }

        int queries() {
            return queries;
        }

        private void serve(Duration delay) {
            byte[] buffer = new byte[512];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                    socket.receive(query);
                    queries++;
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
}
