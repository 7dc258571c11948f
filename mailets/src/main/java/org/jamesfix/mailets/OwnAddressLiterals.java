package org.jamesfix.mailets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesfix.net.IpAddresses;
import org.jamesfix.policy.Policy;

/**
 * Postfix delivers {@code user@[address]} locally when the address is one of its own
 * (inet_interfaces, proxy_interfaces), as it would {@code user@$mydestination}; the SMTP check
 * already accepts such a recipient as local. James would relay it to that address instead, so
 * this mailet rewrites every such recipient to {@code user@$myorigin}, the domain Postfix gives
 * to local users. Other recipients are left alone. Runs at the head of the pipeline.
 */
public class OwnAddressLiterals extends GenericMailet {
    private final Policy policy;
    private String myorigin;

    @Inject
    public OwnAddressLiterals(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init() {
        myorigin = policy.parameters().get("myorigin");
    }

    @Override
    public void service(Mail mail) throws AddressException {
        Collection<MailAddress> recipients = mail.getRecipients();
        List<MailAddress> rewritten = new ArrayList<>(recipients.size());
        boolean changed = false;
        for (MailAddress recipient : recipients) {
            Optional<String> literal = addressLiteral(recipient.getDomain().asString());
            if (literal.isPresent() && isLocal(recipient.getLocalPart() + "@" + literal.get())) {
                rewritten.add(new MailAddress(recipient.getLocalPart(), myorigin));
                changed = true;
            } else {
                rewritten.add(recipient);
            }
        }
        if (changed) {
            mail.setRecipients(rewritten);
        }
    }

    /** The domain as an address literal, if it is one: James's Domain drops the brackets of "[127.0.0.1]". */
    private static Optional<String> addressLiteral(String domain) {
        String bare = domain.startsWith("[") && domain.endsWith("]") ? domain.substring(1, domain.length() - 1) : domain;
        String address = bare.regionMatches(true, 0, "IPv6:", 0, 5) ? bare.substring(5) : bare;
        return IpAddresses.parse(address).isPresent() ? Optional.of("[" + bare + "]") : Optional.empty();
    }

    // The local part is passed as James holds it (no quoting): an address needing quotes is not local here.
    private boolean isLocal(String address) {
        return policy.addressResolver().resolve(address).isLocal();
    }
}
