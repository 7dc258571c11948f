package org.jamesfix.matchers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesfix.policy.Policy;
import org.jamesfix.restriction.Destinations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the recipients that Postfix's reject_unauth_destination refuses from an untrusted,
 * unauthenticated client: those that do not resolve to a local domain (mydestination, own address
 * literals), a virtual alias or mailbox domain or a relay_domains domain, or that still route
 * further inside such a domain ({@code user%foreign@relay.example}) while allow_untrusted_routing
 * = no. The decision is core's {@link Destinations}, the same the SMTP restrictions make; whether
 * the client is trusted is not this matcher's question (combine it with ClientInMynetworks and
 * SMTPAuthSuccessful). It reads only the recipients, so it works for mail from any entry point.
 *
 * No condition. A failed domain-list lookup (a table in relay_domains or mydestination that cannot
 * answer) counts as unauthorized, the answer that never opens a relay, and is logged as a warning.
 */
public class RecipientIsUnauthDestination extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientIsUnauthDestination.class);

    private final Policy policy;
    private Destinations destinations;

    @Inject
    public RecipientIsUnauthDestination(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition != null && !condition.isBlank()) {
            throw new MessagingException("matcher RecipientIsUnauthDestination takes no condition, found \"" + condition + "\"");
        }
        destinations = Destinations.of(policy);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        List<MailAddress> unauthorized = new ArrayList<>(0);
        for (MailAddress recipient : mail.getRecipients()) {
            String address = MailFacts.address(recipient);
            Destinations.Verdict verdict = destinations.check(address);
            switch (verdict.outcome()) {
                case AUTHORIZED:
                    break;
                case UNAUTHORIZED:
                    LOGGER.debug("{}: <{}> is not an authorized destination: {}", mail.getName(), address, verdict.reason());
                    unauthorized.add(recipient);
                    break;
                case LOOKUP_FAILED:
                default:
                    LOGGER.warn("{}: <{}> counted as an unauthorized destination: {}", mail.getName(), address, verdict.reason());
                    unauthorized.add(recipient);
                    break;
            }
        }
        return unauthorized;
    }
}
