package org.jamesfix.smtp;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import javax.mail.Header;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;

/** The primary header names of a message as James received it (its own Received: included). */
final class MessageHeaders {
    private MessageHeaders() {
    }

    /**
     * The header names in order. A message James cannot parse has none here; James refuses or
     * fails such a message itself.
     */
    static List<String> names(Mail mail) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<Header> headers = mail.getMessage().getAllHeaders();
            while (headers.hasMoreElements()) {
                names.add(headers.nextElement().getName());
            }
        } catch (MessagingException e) {
            SmtpdPolicy.MAIL_LOG.info("warning: cannot read the headers of {}: {}", mail.getName(), e.getMessage());
        }
        return names;
    }
}
