package org.jamesfix.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesfix.restriction.AcceptAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the access(5) actions that SMTP-time restrictions decided for a message
 * (HOLD, DISCARD, REDIRECT, BCC, FILTER, PREPEND), carried in the mail attribute
 * {@value #ACTIONS} as their access(5) text ("HOLD spam suspect", "REDIRECT a@example.test").
 * Runs at the head of the root processor. Postfix's rules: DISCARD drops the whole message (it
 * wins over everything); PREPEND headers go on top, in the order they fired; the last REDIRECT
 * replaces every recipient and overrides FILTER; the last BCC adds one recipient; the last FILTER
 * is recorded in {@value #FILTER} for the transport router; HOLD moves the message to the
 * {@code holdProcessor} (default "hold"), whose repository an admin lists and releases through
 * WebAdmin. The attribute is removed once applied, so a released message is not held again.
 *
 * Errors: an action this mailet does not know is logged and ignored (the SMTP side only sends
 * the ones above); a bad address in REDIRECT/BCC is logged and that action skipped.
 */
public class ApplySmtpActions extends GenericMailet {
    public static final String ACTIONS = AcceptAction.MAIL_ATTRIBUTE;
    public static final String FILTER = "org.jamesfix.filter";
    private static final AttributeName ACTIONS_NAME = AttributeName.of(ACTIONS);
    private static final Logger LOGGER = LoggerFactory.getLogger(ApplySmtpActions.class);

    private String holdProcessor;

    @Override
    public void init() {
        holdProcessor = getInitParameter("holdProcessor", "hold");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<String> actions = actions(mail);
        if (actions.isEmpty()) {
            return;
        }
        mail.removeAttribute(ACTIONS_NAME);
        Optional<String> discard = last(actions, "DISCARD");
        if (discard.isPresent()) {
            LOGGER.info("{}: discard: {}", mail.getName(), orDefault(discard.get(), "DISCARD action"));
            mail.setState(Mail.GHOST);
            return;
        }
        prepend(mail, values(actions, "PREPEND"));
        Optional<String> redirect = last(actions, "REDIRECT");
        Optional<String> filter = last(actions, "FILTER");
        if (redirect.isPresent()) {
            address(redirect.get(), "REDIRECT").ifPresent(to -> mail.setRecipients(List.of(to)));
        } else if (filter.isPresent()) {
            mail.setAttribute(new Attribute(AttributeName.of(FILTER), AttributeValue.of(filter.get())));
        }
        last(actions, "BCC").flatMap(bcc -> address(bcc, "BCC")).ifPresent(bcc -> addRecipient(mail, bcc));
        Optional<String> hold = last(actions, "HOLD");
        if (hold.isPresent()) {
            LOGGER.info("{}: hold: {}", mail.getName(), orDefault(hold.get(), "HOLD action"));
            mail.setState(holdProcessor);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Applies HOLD, DISCARD, REDIRECT, BCC, FILTER and PREPEND decided during SMTP";
    }

    /** The carried actions, in the order they fired. */
    private static List<String> actions(Mail mail) {
        Optional<Attribute> attribute = mail.getAttribute(ACTIONS_NAME);
        List<String> actions = new ArrayList<>();
        if (attribute.isPresent() && attribute.get().getValue().value() instanceof Collection<?> values) {
            for (Object value : values) {
                if (value instanceof AttributeValue<?> text && text.value() instanceof String action) {
                    actions.add(action.strip());
                }
            }
        }
        return actions;
    }

    /** The argument of the last action with this name ("" when it has none). */
    private static Optional<String> last(List<String> actions, String name) {
        List<String> all = values(actions, name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The arguments of every action with this name, in order. */
    private static List<String> values(List<String> actions, String name) {
        List<String> values = new ArrayList<>();
        for (String action : actions) {
            int space = action.indexOf(' ');
            String verb = (space < 0 ? action : action.substring(0, space)).toUpperCase(Locale.ROOT);
            if (verb.equals(name)) {
                values.add(space < 0 ? "" : action.substring(space + 1).strip());
            }
        }
        return values;
    }

    // Postfix places PREPENDed headers above everything, its own Received: header included.
    // JavaMail orders known headers itself, so the message is re-read with the lines in front.
    private static void prepend(Mail mail, List<String> headers) throws MessagingException {
        if (headers.isEmpty()) {
            return;
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            for (String header : headers) {
                text.write((header + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            mail.getMessage().writeTo(text);
        } catch (IOException e) {
            throw new MessagingException("cannot prepend headers", e);
        }
        mail.setMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(text.toByteArray())));
    }

    private static void addRecipient(Mail mail, MailAddress recipient) {
        List<MailAddress> recipients = new ArrayList<>(mail.getRecipients());
        recipients.add(recipient);
        mail.setRecipients(recipients);
    }

    private static Optional<MailAddress> address(String text, String action) {
        try {
            return Optional.of(new MailAddress(text));
        } catch (javax.mail.internet.AddressException e) {
            LOGGER.warn("{} {}: not an address, action skipped", action, text);
            return Optional.empty();
        }
    }

    private static String orDefault(String text, String fallback) {
        return text.isEmpty() ? fallback : text;
    }
}
