package org.jamesfix.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "The outside world" for end-to-end tests: an SMTP server on a free loopback port that accepts
 * every message and records it, standing in for every remote MX. {@link #routeRelayTo} points the
 * installed pipeline's RemoteDelivery at it as gateway, so anything the server would send off the
 * machine lands here and a test can assert that nothing did.
 */
public final class SmtpSink implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-sink");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusals = new AtomicInteger();

    private SmtpSink(ServerSocket server) {
        this.server = server;
        threads.execute(this::acceptLoop);
    }

    /** Listens on a free port of 127.0.0.1. */
    public static SmtpSink start() throws IOException {
        return start(TestPorts.freePort());
    }

    /** Listens on the given port of 127.0.0.1 (a remote MX that comes up late). */
    public static SmtpSink start(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new SmtpSink(server);
    }

    /** From now on RCPT TO this address gets "550 5.1.1 ... User unknown" (a remote refusal). */
    public SmtpSink refuseRecipient(String address) {
        refused.add(address.toLowerCase(Locale.ROOT));
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every message received so far. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** How many RCPT TO this sink refused so far (see {@link #refuseRecipient}). */
    public int refusals() {
        return refusals.get();
    }

    /** Waits up to {@code timeout} for at least {@code count} messages; returns what arrived. */
    public List<Message> await(int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (messages.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        return messages();
    }

    /**
     * Edits an installed conf/mailetcontainer.xml so that RemoteDelivery sends everything to
     * 127.0.0.1:port instead of the recipients' MX hosts, retrying after 1 second.
     */
    public static void routeRelayTo(Path conf, int port) throws IOException {
        Path file = conf.resolve("mailetcontainer.xml");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String marker = "class=\"RemoteDelivery\">";
        if (!text.contains(marker)) {
            throw new IOException("no RemoteDelivery mailet in " + file);
        }
        text = text.replace(marker, marker + "<gateway>127.0.0.1</gateway><gatewayPort>" + port + "</gatewayPort>")
            .replaceAll("<delayTime>[^<]*</delayTime>", "<delayTime>1 second</delayTime>");
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(30000);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = client.getOutputStream();
            reply(out, "220 sink.test ESMTP sink");
            String sender = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO")) {
                    reply(out, "250-sink.test\r\n250-PIPELINING\r\n250 8BITMIME");
                } else if (upper.startsWith("MAIL FROM:")) {
                    sender = path(line.substring(10));
                    recipients = new ArrayList<>();
                    reply(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String recipient = path(line.substring(8));
                    if (refused.contains(recipient.toLowerCase(Locale.ROOT))) {
                        refusals.incrementAndGet();
                        reply(out, "550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
                    } else {
                        recipients.add(recipient);
                        reply(out, "250 2.1.5 Ok");
                    }
                } else if (upper.equals("DATA") && recipients.isEmpty()) {
                    reply(out, "554 5.5.1 Error: no valid recipients");
                } else if (upper.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
                    }
                    messages.add(new Message(sender, List.copyOf(recipients), data.toString()));
                    reply(out, "250 2.0.0 Ok: queued");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "250 Ok");
                }
            }
        } catch (IOException e) {
            // The client went away: whatever it completed is recorded.
        }
    }

    private static String path(String argument) {
        String trimmed = argument.trim();
        int end = trimmed.indexOf('>');
        return trimmed.startsWith("<") && end > 0 ? trimmed.substring(1, end) : trimmed.split(" ")[0];
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    /** One message as received: envelope and the data after dot-unstuffing. */
    public record Message(String sender, List<String> recipients, String data) {
    }
}
