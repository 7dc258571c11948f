package org.jamesfix.distribution.abuse;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocket;

import org.jamesfix.testing.TrustAll;

/**
 * An SMTP client that sends bytes exactly as given (8-bit, bare CR, several commands in one
 * write, garbage where TLS is expected) and can drop the connection with a TCP reset: what an
 * attacker sends and a well-behaved client library refuses to.
 */
final class RawClient implements Closeable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private RawClient(Socket socket) throws IOException {
        use(socket);
    }

    /** Connects from the given loopback address and reads the greeting. */
    static RawClient connect(int port, String sourceAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20000);
        RawClient client = new RawClient(socket);
        client.reply();
        return client;
    }

    /** Sends the bytes as they are, without a line ending. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one command line (ISO-8859-1, so "\u00ff" is the byte 0xff) and returns its reply. */
    String send(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return reply();
    }

    /** One whole reply, lines joined with "\n"; "<closed>" when the server closed the connection. */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                return reply.append("<closed>").toString();
            }
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
            reply.append('\n');
        }
    }

    /** STARTTLS's handshake over this connection, with only the given TLS protocol enabled. */
    SSLSocket upgradeToTls(String protocol) throws IOException {
        SSLSocket tls = (SSLSocket) TrustAll.sslContext().getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.setEnabledProtocols(new String[] {protocol});
        tls.startHandshake();
        use(tls);
        return tls;
    }

    /** Drops the connection with a TCP reset instead of a FIN. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = next.getInputStream();
        out = next.getOutputStream();
    }
}
