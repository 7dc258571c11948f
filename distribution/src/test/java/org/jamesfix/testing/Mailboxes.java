package org.jamesfix.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * A real mail client (JavaMail 1.6, the one James ships): submits over STARTTLS + AUTH and reads INBOX over IMAP with
 * STARTTLS, as a person's mail program would.
 */
public final class Mailboxes {
    private Mailboxes() {
    }

    /** Sends one message through the submission port with STARTTLS and AUTH. */
    public static void submit(int port, String user, String password, String to, String subject) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.socketFactory", TrustAll.sslContext().getSocketFactory());
        properties.put("mail.smtp.ssl.checkserveridentity", "false");
        properties.put("mail.smtp.timeout", "20000");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(user));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("Sent by a Jamesfix test.\n");
        Transport.send(message, user, password);
    }

    /** Subjects in the user's INBOX, read over IMAP with STARTTLS. */
    public static List<String> inboxSubjects(int imapPort, String user, String password) throws MessagingException {
        return readInbox(imapPort, user, password, Message::getSubject);
    }

    /** The values of one header of the INBOX messages with this subject. */
    public static List<String> headerValues(int imapPort, String user, String password, String subject, String header)
            throws MessagingException {
        List<String> values = new ArrayList<>();
        for (String[] found : readInbox(imapPort, user, password,
                message -> subject.equals(message.getSubject()) ? message.getHeader(header) : null)) {
            if (found != null) {
                values.addAll(List.of(found));
            }
        }
        return values;
    }

    /** The raw content (headers and body, as IMAP serves it) of the INBOX messages with this subject. */
    public static List<String> rawMessages(int imapPort, String user, String password, String subject) throws MessagingException {
        List<String> messages = new ArrayList<>();
        for (String raw : readInbox(imapPort, user, password, message -> subject.equals(message.getSubject()) ? raw(message) : null)) {
            if (raw != null) {
                messages.add(raw);
            }
        }
        return messages;
    }

    private static String raw(Message message) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MessagingException("reading " + message.getSubject(), e);
        }
    }

    private static <T> List<T> readInbox(int imapPort, String user, String password, MessageReader<T> reader)
            throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imap.starttls.enable", "true");
        properties.put("mail.imap.starttls.required", "true");
        properties.put("mail.imap.ssl.socketFactory", TrustAll.sslContext().getSocketFactory());
        properties.put("mail.imap.ssl.checkserveridentity", "false");
        properties.put("mail.imap.timeout", "20000");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", imapPort, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<T> values = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                values.add(reader.read(message));
            }
            inbox.close(false);
            return values;
        } finally {
            store.close();
        }
    }

    /** Reads one value from a message. */
    @FunctionalInterface
    private interface MessageReader<T> {
        T read(Message message) throws MessagingException;
    }

    /** Polls INBOX until a message with this subject arrives; false after the timeout. */
    public static boolean awaitSubject(int imapPort, String user, String password, String subject, Duration timeout)
            throws MessagingException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (inboxSubjects(imapPort, user, password).contains(subject)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
