package org.jamesfix.matchers;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.jamesfix.net.IpAddresses;
import org.jamesfix.restriction.SessionFacts;

/**
 * Turns James's view of a message into the inputs of Postfix's checks: recipient addresses in
 * RCPT TO form, and the {@link SessionFacts} an access table value may ask about.
 *
 * Only the remote address, the sender and the recipients are read for every mail, whatever way
 * it entered. The SMTP-only attributes (HELO name, {@link Mail#SMTP_HELO}; SASL login,
 * {@link Mail#SMTP_AUTH_USER}) are read too, but only restrictions named in an access table value
 * (check_helo_access, permit_sasl_authenticated ...) look at them; absent, they count as "no HELO"
 * and "not logged in". The client has no verified name ("unknown"): a mail carries only James's
 * unverified reverse name, so access keys on client host names never match here.
 */
final class MailFacts {
    private static final String UNKNOWN_CLIENT = "unknown";

    private MailFacts() {
    }

    /**
     * The address as a client would have written it in RCPT TO. James keeps an address literal's
     * domain without brackets ({@code bob@[127.0.0.1]} becomes domain {@code 127.0.0.1}), so a
     * numeric IPv4 domain gets its brackets back; the case James kept is kept.
     */
    static String address(MailAddress address) {
        String domain = address.getDomain().name();
        boolean literal = !domain.isEmpty() && Character.isDigit(domain.charAt(domain.length() - 1))
            && IpAddresses.parse(domain).isPresent();
        return address.getLocalPart() + "@" + (literal ? "[" + domain + "]" : domain);
    }

    /** The facts of the session the mail came in, as far as the mail tells (no recipient yet). */
    static SessionFacts session(Mail mail) {
        String remote = Optional.ofNullable(mail.getRemoteAddr()).orElse("");
        String client = IpAddresses.parse(remote).map(IpAddresses::format).orElse(remote);
        SessionFacts facts = SessionFacts.connect(client, UNKNOWN_CLIENT);
        Optional<String> helo = attribute(mail, Mail.SMTP_HELO);
        if (helo.isPresent()) {
            facts = facts.withHeloName(helo.get()).withProtocol(true);
        }
        Optional<String> user = attribute(mail, Mail.SMTP_AUTH_USER);
        if (user.isPresent()) {
            facts = facts.withSasl(user.get());
        }
        return facts.withSender(mail.getMaybeSender().asOptional().map(MailFacts::address).orElse(""));
    }

    // James's SMTP server stores both as strings (AddDefaultAttributesMessageHook).
    private static Optional<String> attribute(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(attribute -> attribute.getValue().value().toString()).filter(text -> !text.isEmpty());
    }
}
