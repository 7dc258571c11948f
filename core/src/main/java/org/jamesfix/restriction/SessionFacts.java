package org.jamesfix.restriction;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the restriction engine knows about an SMTP session at one moment, supplied by the SMTP
 * adapter. Immutable; "absent" is an empty string, an empty Optional or an empty list, never null.
 * The {@code with...} methods return changed copies, so an adapter keeps one value per session.
 *
 * @param clientAddress the client IP address as Postfix prints it ({@code 127.0.0.9}, IPv6 compressed in
 *        lower case as {@code 2001:db8::1}, see IpAddresses.format): access keys are cut from this text
 * @param clientName the verified client host name, or {@code unknown} (Postfix's word)
 * @param heloName the HELO/EHLO argument; empty before HELO
 * @param protocol {@code SMTP} until an EHLO was accepted, then {@code ESMTP} (Postfix's {@code proto=})
 * @param sender the MAIL FROM address as sent (without brackets); empty Optional outside a mail
 *        transaction, an empty string for the null sender
 * @param recipient the RCPT TO address being checked (without brackets); at DATA the last accepted one
 * @param recipientCount accepted recipients so far in this transaction
 * @param saslUser the SASL login name; empty when not authenticated
 * @param tlsActive true when the session is encrypted
 * @param improperPipelining true when the client sent commands ahead without PIPELINING permission
 * @param pendingDefer a defer_if_permit reason raised at an earlier stage (smtpd_delay_reject = no):
 *        the adapter copies {@link Decision#pendingDefer()} of the CONNECT/HELO/MAIL decision here
 * @param transactionActions accepting actions already collected in this mail transaction (a HOLD
 *        is not repeated; after a DISCARD nothing more is checked, as in Postfix)
 */
public record SessionFacts(String clientAddress, String clientName, String heloName, String protocol,
        Optional<String> sender, Optional<String> recipient, int recipientCount, String saslUser,
        boolean tlsActive, boolean improperPipelining, Optional<Reply> pendingDefer, List<AcceptAction> transactionActions) {

    public SessionFacts {
        Objects.requireNonNull(clientAddress);
        Objects.requireNonNull(clientName);
        Objects.requireNonNull(heloName);
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(sender);
        Objects.requireNonNull(recipient);
        Objects.requireNonNull(saslUser);
        Objects.requireNonNull(pendingDefer);
        transactionActions = List.copyOf(transactionActions);
    }

    /** A new connection: client known, nothing else yet. */
    public static SessionFacts connect(String clientAddress, String clientName) {
        return new SessionFacts(clientAddress, clientName, "", "SMTP", Optional.empty(), Optional.empty(), 0, "",
            false, false, Optional.empty(), List.of());
    }

    /** The client name once known (Postfix's verified name or "unknown"). */
    public SessionFacts withClientName(String name) {
        return new SessionFacts(clientAddress, name, heloName, protocol, sender, recipient, recipientCount,
            saslUser, tlsActive, improperPipelining, pendingDefer, transactionActions);
    }

    /** The HELO/EHLO argument (checked with the protocol still as before the command). */
    public SessionFacts withHeloName(String name) {
        return new SessionFacts(clientAddress, clientName, name, protocol, sender, recipient, recipientCount,
            saslUser, tlsActive, improperPipelining, pendingDefer, transactionActions);
    }

    /** After an accepted HELO ({@code esmtp} false) or EHLO ({@code esmtp} true). */
    public SessionFacts withProtocol(boolean esmtp) {
        return new SessionFacts(clientAddress, clientName, heloName, esmtp ? "ESMTP" : "SMTP", sender, recipient, recipientCount,
            saslUser, tlsActive, improperPipelining, pendingDefer, transactionActions);
    }

    /** A new transaction with this MAIL FROM address ("" is the null sender). */
    public SessionFacts withSender(String address) {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, Optional.of(address), Optional.empty(), 0,
            saslUser, tlsActive, improperPipelining, pendingDefer, List.of());
    }

    /** No transaction (RSET, after the end of DATA). */
    public SessionFacts withoutTransaction() {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, Optional.empty(), Optional.empty(), 0,
            saslUser, tlsActive, improperPipelining, Optional.empty(), List.of());
    }

    /** While checking one RCPT TO address. */
    public SessionFacts withRecipient(String address) {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, Optional.of(address), recipientCount,
            saslUser, tlsActive, improperPipelining, pendingDefer, transactionActions);
    }

    /** After {@code address} was accepted, with the actions its check collected. */
    public SessionFacts withAcceptedRecipient(String address, List<AcceptAction> actions) {
        List<AcceptAction> all = transactionActions;
        if (!actions.isEmpty()) {
            all = new java.util.ArrayList<>(transactionActions);
            all.addAll(actions);
        }
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, Optional.of(address), recipientCount + 1,
            saslUser, tlsActive, improperPipelining, pendingDefer, all);
    }

    /** After successful AUTH. */
    public SessionFacts withSasl(String user) {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount,
            user, tlsActive, improperPipelining, pendingDefer, transactionActions);
    }

    /** After STARTTLS. */
    public SessionFacts withTls() {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount,
            saslUser, true, improperPipelining, pendingDefer, transactionActions);
    }

    /** After the client pipelined commands without permission. */
    public SessionFacts withImproperPipelining() {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount,
            saslUser, tlsActive, true, pendingDefer, transactionActions);
    }

    /** With the defer_if_permit reason an earlier stage raised (see {@link Decision#pendingDefer()}). */
    public SessionFacts withPendingDefer(Optional<Reply> reply) {
        return new SessionFacts(clientAddress, clientName, heloName, protocol, sender, recipient, recipientCount,
            saslUser, tlsActive, improperPipelining, reply, transactionActions);
    }

    /** Postfix's {@code name[address]} for the client. */
    public String nameAndAddress() {
        return clientName + "[" + clientAddress + "]";
    }

    /** True when this transaction already has an action of that kind. */
    boolean hasAction(AcceptAction.Kind kind) {
        for (int i = 0; i < transactionActions.size(); i++) {
            if (transactionActions.get(i).kind() == kind) {
                return true;
            }
        }
        return false;
    }
}
