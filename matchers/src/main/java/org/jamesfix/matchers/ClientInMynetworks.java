package org.jamesfix.matchers;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesfix.policy.Policy;

/**
 * Matches every recipient when the client that handed the message to James is in main.cf's
 * {@code mynetworks} (Postfix's permit_mynetworks, after the queue). Mail that did not arrive
 * over the network (no remote address) does not match.
 */
public class ClientInMynetworks extends GenericMatcher {
    private final Policy policy;

    @Inject
    public ClientInMynetworks(Policy policy) {
        this.policy = policy;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        String client = mail.getRemoteAddr();
        if (client != null && policy.mynetworks().contains(client)) {
            return mail.getRecipients();
        }
        return List.of();
    }
}
