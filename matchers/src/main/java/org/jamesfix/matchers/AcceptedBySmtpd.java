package org.jamesfix.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesfix.restriction.SmtpdSession;

/**
 * Matches every recipient of a message whose recipients Jamesfix's SMTP handler accepted at RCPT
 * TO: they passed smtpd_relay_restrictions there (an access-table OK that allows relaying
 * included), as in Postfix. Recipients the pipeline adds later (aliases, REDIRECT, BCC) are the
 * admin's own configuration and go along. Mail that entered another way never matches.
 */
public class AcceptedBySmtpd extends GenericMatcher {
    private static final AttributeName ACCEPTED = AttributeName.of(SmtpdSession.ACCEPTED_ATTRIBUTE);

    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean accepted = mail.getAttribute(ACCEPTED).map(attribute -> attribute.getValue().value())
            .filter(Boolean.TRUE::equals).isPresent();
        return accepted ? mail.getRecipients() : List.of();
    }
}
