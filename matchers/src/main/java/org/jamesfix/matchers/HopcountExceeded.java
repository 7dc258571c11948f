package org.jamesfix.matchers;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesfix.cleanup.HopCount;
import org.jamesfix.policy.Policy;

/**
 * Matches every recipient of a message with hopcount_limit or more Received: headers (main.cf,
 * default 50): a mail loop. Mail from SMTP was already refused at the end of DATA; this catches
 * mail that entered another way. A condition ({@code HopcountExceeded=30}) overrides main.cf.
 */
public class HopcountExceeded extends GenericMatcher {
    private final Policy policy;
    private HopCount hopCount;

    @Inject
    public HopcountExceeded(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            hopCount = HopCount.of(policy.parameters());
            return;
        }
        try {
            hopCount = new HopCount(Integer.parseInt(condition.trim()));
        } catch (NumberFormatException e) {
            throw new MessagingException("HopcountExceeded: bad limit \"" + condition + "\": not a number");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        String[] received = mail.getMessage().getHeader("Received");
        return hopCount.isExceeded(received == null ? 0 : received.length) ? mail.getRecipients() : List.of();
    }
}
