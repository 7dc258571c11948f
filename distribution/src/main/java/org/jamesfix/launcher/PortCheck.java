package org.jamesfix.launcher;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Finds every listening address the configuration asks for (SMTP, IMAP, WebAdmin) and fails with
 * one clear line per port that is already taken, instead of a stack trace from deep in James.
 */
final class PortCheck {
    private PortCheck() {
    }

    /** Throws naming each configured address that cannot be bound. */
    static void requireFreePorts(Path conf) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Listener listener : listeners(conf)) {
            if (listener.port() == 0) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(listener.host()), listener.port()));
            } catch (IOException e) {
                problems.add(String.format("port %s:%d (%s) is not available: %s",
                    listener.host(), listener.port(), listener.source(), e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cannot start: " + String.join("; ", problems));
        }
    }

    /** The enabled listeners of the protocol XML files and webadmin.properties. */
    static List<Listener> listeners(Path conf) throws Exception {
        List<Listener> listeners = new ArrayList<>();
        for (String protocol : List.of("smtpserver", "imapserver", "pop3server", "lmtpserver", "managesieveserver")) {
            Path file = conf.resolve(protocol + ".xml");
            if (Files.exists(file)) {
                listeners.addAll(xmlListeners(file, protocol));
            }
        }
        Path webadmin = conf.resolve("webadmin.properties");
        if (Files.exists(webadmin)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(webadmin, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            if (Boolean.parseBoolean(properties.getProperty("enabled", "false").trim())) {
                listeners.add(new Listener(properties.getProperty("host", "localhost").trim(),
                    Integer.parseInt(properties.getProperty("port", "8000").trim()), "webadmin.properties"));
            }
        }
        return listeners;
    }

    private static List<Listener> xmlListeners(Path file, String protocol) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        NodeList servers = document.getElementsByTagName(protocol);
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < servers.getLength(); i++) {
            Element server = (Element) servers.item(i);
            if ("false".equalsIgnoreCase(server.getAttribute("enabled"))) {
                continue;
            }
            NodeList binds = server.getElementsByTagName("bind");
            if (binds.getLength() == 0) {
                continue;
            }
            for (String bind : binds.item(0).getTextContent().split(",")) {
                listeners.add(Listener.parse(bind.trim(), file.getFileName().toString()));
            }
        }
        return listeners;
    }

    record Listener(String host, int port, String source) {
        static Listener parse(String bind, String source) {
            int colon = bind.lastIndexOf(':');
            return new Listener(bind.substring(0, colon), Integer.parseInt(bind.substring(colon + 1)), source);
        }
    }
}
