package org.jamesfix.mailets;

import java.util.LinkedHashSet;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesfix.address.SystemAddresses;
import org.jamesfix.policy.Policy;

/**
 * Delivers what the SMTP check accepts for the mail system itself: postmaster, MAILER-DAEMON and
 * $double_bounce_sender in any local domain (Postfix's smtpd accepts them without
 * local_recipient_maps) go to the {@code target} address, the role of Postfix's
 * {@code postmaster: root} alias. An address that is a local mailbox, or that the rewrite table
 * already changed, is left alone; so run it after RecipientRewriteTable and before LocalDelivery.
 *
 * Errors: a missing or malformed {@code target} stops the pipeline from starting.
 */
public class SystemAliases extends GenericMailet {
    private final Policy policy;
    private SystemAddresses systemAddresses;
    private MailAddress target;

    @Inject
    public SystemAliases(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init() throws MessagingException {
        String configured = getInitParameter("target", "");
        if (configured.isBlank()) {
            throw new MessagingException("SystemAliases needs a <target> address (where postmaster mail goes)");
        }
        target = new MailAddress(configured.trim());
        systemAddresses = new SystemAddresses(policy.parameters().get("double_bounce_sender"));
    }

    @Override
    public void service(Mail mail) {
        Set<MailAddress> recipients = new LinkedHashSet<>();
        boolean changed = false;
        for (MailAddress recipient : mail.getRecipients()) {
            if (isSystemAddress(recipient)) {
                recipients.add(target);
                changed = true;
            } else {
                recipients.add(recipient);
            }
        }
        if (changed) {
            mail.setRecipients(recipients);
        }
    }

    private boolean isSystemAddress(MailAddress recipient) {
        return systemAddresses.isSystemLocalPart(recipient.getLocalPart())
            && policy.addressResolver().resolve(recipient.asString()).isLocal()
            && !getMailetContext().isLocalEmail(recipient);
    }
}
