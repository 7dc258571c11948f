package org.jamesfix.restriction;

import java.util.Objects;
import java.util.Optional;

/**
 * What the restriction engine knows about an SMTP session at one moment, supplied by the SMTP
 * adapter. Immutable; "absent" is an empty string or an empty Optional, never null.
 *
 * @param clientAddress the client IP address as text ({@code 127.0.0.9}, {@code 2001:db8::1})
 * @param clientName the verified client host name, or {@code unknown} (Postfix's word)
 * @param heloName the HELO/EHLO argument; empty before HELO
 * @param protocol {@code ESMTP} or {@code SMTP} (as Postfix logs {@code proto=})
 * @param sender the MAIL FROM address as sent (without brackets); empty Optional before MAIL,
 *        an empty string for the null sender
 * @param recipient the RCPT TO address being checked (without brackets); empty Optional outside RCPT
 * @param recipientCount accepted recipients so far (DATA reports no single recipient when above one)
 * @param saslUser the SASL login name; empty when not authenticated
 * @param saslMethod the SASL mechanism used; empty when not authenticated
 * @param tlsActive true when the session is encrypted
 * @param improperPipelining true when the client sent commands ahead without PIPELINING permission
 * @param pendingDefer a defer_if_permit reason raised at an earlier stage (smtpd_delay_reject = no):
 *        the adapter copies {@link Decision#pendingDefer()} of the CONNECT/HELO/MAIL decision here
 */
public record SessionFacts(String clientAddress, String clientName, String heloName, String protocol,
        Optional<String> sender, Optional<String> recipient, int recipientCount, String saslUser, String saslMethod,
        boolean tlsActive, boolean improperPipelining, Optional<Reply> pendingDefer) {

    public SessionFacts {
        Objects.requireNonNull(clientAddress);
        Objects.requireNonNull(clientName);
        Objects.requireNonNull(heloName);
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(sender);
        Objects.requireNonNull(recipient);
        Objects.requireNonNull(saslUser);
        Objects.requireNonNull(saslMethod);
        Objects.requireNonNull(pendingDefer);
    }

    /** A new connection: client known, nothing else yet. */
    public static SessionFacts connect(String clientAddress, String clientName) {
        return new SessionFacts(clientAddress, clientName, "", "SMTP", Optional.empty(), Optional.empty(), 0, "", "",
            false, false, Optional.empty());
    }

    /** After HELO ({@code ESMTP} false) or EHLO ({@code ESMTP} true). */
    public SessionFacts withHelo(String name, boolean esmtp) {
        return new SessionFacts(clientAddress, clientName, name, esmtp ? "ESMTP" : "SMTP", sender, recipient, recipientCount,
            saslUser, saslMethod, tlsActive, improperPipelining, pendingDefer);
    }

    /** After MAIL FROM; "" is the null sender. A new transaction starts without recipients. */
    public SessionFacts withSender(String address) {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, Optional.of(address), Optional.empty(), 0,
            saslUser, saslMethod, tlsActive, improperPipelining, pendingDefer);
    }

    /** While checking one RCPT TO address. */
    public SessionFacts withRecipient(String address) {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, Optional.of(address), recipientCount,
            saslUser, saslMethod, tlsActive, improperPipelining, pendingDefer);
    }

    /** After a recipient was accepted (the count DATA uses). */
    public SessionFacts withAcceptedRecipient() {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount + 1,
            saslUser, saslMethod, tlsActive, improperPipelining, pendingDefer);
    }

    /** After successful AUTH. */
    public SessionFacts withSasl(String user, String method) {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount,
            user, method, tlsActive, improperPipelining, pendingDefer);
    }

    /** After STARTTLS. */
    public SessionFacts withTls() {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount,
            saslUser, saslMethod, true, improperPipelining, pendingDefer);
    }

    /** After the client pipelined commands without permission. */
    public SessionFacts withImproperPipelining() {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount,
            saslUser, saslMethod, tlsActive, true, pendingDefer);
    }

    /** With the defer_if_permit reason an earlier stage raised (see {@link Decision#pendingDefer()}). */
    public SessionFacts withPendingDefer(Optional<Reply> reply) {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount,
            saslUser, saslMethod, tlsActive, improperPipelining, reply);
    }

    /** Postfix's {@code name[address]} for the client. */
    public String nameAndAddress() {
        return clientName + "[" + clientAddress + "]";
    }
}
