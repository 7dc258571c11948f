package org.jamesfix.testing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLSocket;

/**
 * A line-by-line SMTP client for asserting exact replies: what a real client such as swaks sends,
 * including commands a library would refuse to send (AUTH that was not offered, say). Can connect
 * from any loopback source address and upgrade with STARTTLS.
 */
public final class SmtpDialog implements Closeable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private String greeting;

    private SmtpDialog(Socket socket, boolean readGreeting) throws IOException {
        use(socket);
        if (readGreeting) {
            this.greeting = readReply();
        }
    }

    private SmtpDialog(Socket socket) throws IOException {
        this(socket, true);
    }

    /** Connects from 127.0.0.1. */
    public static SmtpDialog connect(int port) throws IOException {
        return connect(port, "127.0.0.1");
    }

    /** Connects from the given loopback source address (127.0.0.2 is "another host"). */
    public static SmtpDialog connect(int port, String sourceAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20000);
        return new SmtpDialog(socket);
    }

    /** Connects from the given source address without waiting for the greeting ({@link #greeting()} reads it). */
    public static SmtpDialog connectNoWait(int port, String sourceAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20000);
        return new SmtpDialog(socket, false);
    }

    /** Connects with TLS from the first byte (SMTPS). */
    public static SmtpDialog connectTls(int port) throws IOException {
        return connectTls(port, "127.0.0.1");
    }

    /** Connects with TLS from the first byte (SMTPS), from the given loopback source address. */
    public static SmtpDialog connectTls(int port, String sourceAddress) throws IOException {
        SSLSocket socket = (SSLSocket) TrustAll.sslContext().getSocketFactory()
            .createSocket("127.0.0.1", port, InetAddress.getByName(sourceAddress), 0);
        socket.setSoTimeout(20000);
        socket.startHandshake();
        return new SmtpDialog(socket);
    }

    /** The greeting (read now if the dialog was opened without waiting for it). */
    public String greeting() {
        if (greeting == null) {
            try {
                greeting = readReply();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return greeting;
    }

    /** Sends one command line without reading its reply ({@link #nextReply()} reads it). */
    public void write(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends one command line; returns the whole reply, lines joined with "\n". */
    public String send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    /** Sends the command lines in one write, without waiting (pipelining); returns one reply per command. */
    public List<String> sendTogether(String... commands) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String command : commands) {
            lines.append(command).append("\r\n");
        }
        out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < commands.length; i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /** EHLO, STARTTLS, handshake, and EHLO again; returns the second EHLO reply. */
    public String startTls(String heloName) throws IOException {
        send("EHLO " + heloName);
        String reply = send("STARTTLS");
        if (!reply.startsWith("220")) {
            throw new IOException("STARTTLS refused: " + reply);
        }
        upgradeToTls();
        return send("EHLO " + heloName);
    }

    /** The TLS handshake on this connection, after the server's 220 to STARTTLS. */
    public void upgradeToTls() throws IOException {
        SSLSocket tls = (SSLSocket) TrustAll.sslContext().getSocketFactory()
            .createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        use(tls);
    }

    /** AUTH PLAIN with an initial response. */
    public String authPlain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return send("AUTH PLAIN " + token);
    }

    /** Reads one more reply without sending anything (one the server sends on its own, a 421 say). */
    public String nextReply() throws IOException {
        return readReply();
    }

    /** True when the server has closed the connection (nothing more to read). */
    public boolean closedByServer() throws IOException {
        try {
            return in.readLine() == null;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /** The last line's text of a reply (what Postfix's tests compare). */
    public static String lastLine(String reply) {
        return reply.substring(reply.lastIndexOf('\n') + 1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void use(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    private String readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return String.join("\n", lines);
            }
        }
    }
}
