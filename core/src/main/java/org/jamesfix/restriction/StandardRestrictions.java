package org.jamesfix.restriction;

import java.util.Optional;

import org.jamesfix.address.AddressLookup;
import org.jamesfix.address.AddressMatch;
import org.jamesfix.address.AddressSyntaxException;
import org.jamesfix.address.EmailAddress;
import org.jamesfix.address.KeyStrategy;

/**
 * The restrictions that take no table argument, one small class each, with Postfix 3.7's reply
 * codes and texts (smtpd_check.c). Each is stateless; the registry holds one instance per name.
 * A restriction about something the stage does not know yet (a recipient at MAIL time) says DUNNO.
 */
final class StandardRestrictions {
    private StandardRestrictions() {
    }

    /** A restriction with a fixed name; subclasses implement apply. */
    abstract static class Named implements Restriction {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
    }

    /** permit: OK. */
    static final class Permit extends Named {
        Permit() {
            super("permit");
        }

        @Override
        public Status apply(Evaluation e) {
            return Status.OK;
        }
    }

    /** reject: $reject_code 5.7.1 "Access denied" about the list's subject. */
    static final class Reject extends Named {
        Reject() {
            super("reject");
        }

        @Override
        public Status apply(Evaluation e) {
            return e.reject(e.settings.rejectCode(), "5.7.1",
                "<" + e.replyName() + ">: " + e.kind().replyClass() + " rejected: Access denied");
        }
    }

    /** defer: $defer_code 4.3.2 "Try again later". */
    static final class Defer extends Named {
        Defer() {
            super("defer");
        }

        @Override
        public Status apply(Evaluation e) {
            return e.reject(e.settings.deferCode(), "4.3.2",
                "<" + e.replyName() + ">: " + e.kind().replyClass() + " rejected: Try again later");
        }
    }

    /** defer_if_permit: 450 4.7.0 if the stage would otherwise be permitted. */
    static final class DeferIfPermit extends Named {
        DeferIfPermit() {
            super("defer_if_permit");
        }

        @Override
        public Status apply(Evaluation e) {
            return e.deferIfPermit(450, "4.7.0",
                "<" + e.replyName() + ">: " + e.kind().replyClass() + " rejected: defer_if_permit requested");
        }
    }

    /** defer_if_reject: a later 5xx reject becomes 450 4.7.0. */
    static final class DeferIfReject extends Named {
        DeferIfReject() {
            super("defer_if_reject");
        }

        @Override
        public Status apply(Evaluation e) {
            return e.deferIfReject(450, "4.7.0",
                "<" + e.replyName() + ">: " + e.kind().replyClass() + " rejected: defer_if_reject requested");
        }
    }

    /** warn_if_reject: the next restriction only logs "reject_warning" instead of rejecting (handled by the list walk). */
    static final class WarnIfReject extends Named {
        WarnIfReject() {
            super("warn_if_reject");
        }

        @Override
        public Status apply(Evaluation e) {
            return Status.DUNNO;
        }
    }

    /** permit_mynetworks: OK when the client address is in $mynetworks. */
    static final class PermitMynetworks extends Named {
        PermitMynetworks() {
            super("permit_mynetworks");
        }

        @Override
        public Status apply(Evaluation e) {
            return e.settings.mynetworks().contains(e.facts.clientAddress()) ? Status.OK : Status.DUNNO;
        }
    }

    /** reject_unknown_client_hostname: the client has no verified name ("unknown"). */
    static final class RejectUnknownClientHostname extends Named {
        RejectUnknownClientHostname() {
            super("reject_unknown_client_hostname");
        }

        @Override
        public Status apply(Evaluation e) {
            if (!e.facts.clientName().equals("unknown")) {
                return Status.DUNNO;
            }
            return e.reject(e.settings.unknownClientRejectCode(), "4.7.25",
                "Client host rejected: cannot find your hostname, [" + e.facts.clientAddress() + "]");
        }
    }

    /** reject_unlisted_recipient: the recipient is not in local_recipient_maps / relay_recipient_maps. */
    static final class RejectUnlistedRecipient extends Named {
        RejectUnlistedRecipient() {
            super("reject_unlisted_recipient");
        }

        @Override
        public Status apply(Evaluation e) {
            return e.facts.recipient().map(recipient -> e.settings.unlistedRecipients().check(e, recipient)).orElse(Status.DUNNO);
        }
    }

    /** permit_sasl_authenticated: OK when SASL is enabled and the client logged in. */
    static final class PermitSaslAuthenticated extends Named {
        PermitSaslAuthenticated() {
            super("permit_sasl_authenticated");
        }

        @Override
        public Status apply(Evaluation e) {
            return e.settings.saslEnabled() && !e.facts.saslUser().isEmpty() ? Status.OK : Status.DUNNO;
        }
    }

    /** permit_auth_destination: OK for a recipient in a local, virtual or relay domain. */
    static final class PermitAuthDestination extends Named {
        PermitAuthDestination() {
            super("permit_auth_destination");
        }

        @Override
        public Status apply(Evaluation e) {
            Optional<String> recipient = e.facts.recipient();
            if (recipient.isEmpty()) {
                return Status.DUNNO;
            }
            Destinations.Outcome destination = e.settings.destinations().check(recipient.get()).outcome();
            if (destination == Destinations.Outcome.LOOKUP_FAILED) {
                return temporaryFailure(e, recipient.get());
            }
            return destination == Destinations.Outcome.AUTHORIZED ? Status.OK : Status.DUNNO;
        }
    }

    /** reject_unauth_destination (5xx) and defer_unauth_destination (4xx): "Relay access denied". */
    static final class RejectUnauthDestination extends Named {
        private final boolean defer;

        RejectUnauthDestination(boolean defer) {
            super(defer ? "defer_unauth_destination" : "reject_unauth_destination");
            this.defer = defer;
        }

        @Override
        public Status apply(Evaluation e) {
            Optional<String> recipient = e.facts.recipient();
            if (recipient.isEmpty()) {
                return Status.DUNNO;
            }
            Destinations.Outcome destination = e.settings.destinations().check(recipient.get()).outcome();
            if (destination == Destinations.Outcome.LOOKUP_FAILED) {
                return temporaryFailure(e, recipient.get());
            }
            if (destination == Destinations.Outcome.AUTHORIZED) {
                return Status.DUNNO;
            }
            int code = e.settings.relayDomainsRejectCode() - (defer ? 100 : 0);
            return e.reject(code, defer ? "4.7.1" : "5.7.1", "<" + recipient.get() + ">: Relay access denied");
        }
    }

    /** reject_unauth_pipelining: 503 5.5.0 when the client sent commands ahead without permission. */
    static final class RejectUnauthPipelining extends Named {
        RejectUnauthPipelining() {
            super("reject_unauth_pipelining");
        }

        @Override
        public Status apply(Evaluation e) {
            if (!e.facts.improperPipelining()) {
                return Status.DUNNO;
            }
            return e.reject(503, "5.5.0", "<" + e.replyName() + ">: " + e.kind().replyClass()
                + " rejected: Improper use of SMTP command pipelining");
        }
    }

    /** reject_invalid_helo_hostname: $invalid_hostname_reject_code 5.5.2 "Invalid name" / "invalid ip address". */
    static final class RejectInvalidHeloHostname extends Named {
        RejectInvalidHeloHostname() {
            super("reject_invalid_helo_hostname");
        }

        @Override
        public Status apply(Evaluation e) {
            String helo = e.facts.heloName();
            if (helo.isEmpty()) {
                return Status.DUNNO;
            }
            if (helo.startsWith("[")) {
                return invalidAddress(e, helo);
            }
            String name = Hostnames.truncateDot(helo);
            if (Hostnames.isValidHostname(name) || Hostnames.isValidHostAddress(name)) {
                return Status.DUNNO;
            }
            return e.reject(e.settings.invalidHostnameRejectCode(), "5.5.2", "<" + helo + ">: Helo command rejected: Invalid name");
        }
    }

    /** reject_non_fqdn_helo_hostname: $non_fqdn_reject_code 5.5.2 "need fully-qualified hostname". */
    static final class RejectNonFqdnHeloHostname extends Named {
        RejectNonFqdnHeloHostname() {
            super("reject_non_fqdn_helo_hostname");
        }

        @Override
        public Status apply(Evaluation e) {
            String helo = e.facts.heloName();
            if (helo.isEmpty()) {
                return Status.DUNNO;
            }
            if (helo.startsWith("[")) {
                return invalidAddress(e, helo);
            }
            String name = Hostnames.truncateDot(helo);
            if (Hostnames.isValidHostname(name) && name.indexOf('.') >= 0) {
                return Status.DUNNO;
            }
            return e.reject(e.settings.nonFqdnRejectCode(), "5.5.2",
                "<" + helo + ">: Helo command rejected: need fully-qualified hostname");
        }
    }

    /** A bracketed HELO argument must hold a valid address (Postfix's reject_invalid_hostaddr). */
    private static Restriction.Status invalidAddress(Evaluation e, String helo) {
        if (Hostnames.isValidAddressLiteral(helo)) {
            return Restriction.Status.DUNNO;
        }
        return e.reject(e.settings.invalidHostnameRejectCode(), "5.5.2",
            "<" + helo + ">: Helo command rejected: invalid ip address");
    }

    /** reject_non_fqdn_sender / reject_non_fqdn_recipient: $non_fqdn_reject_code 5.5.2 "need fully-qualified address". */
    static final class RejectNonFqdnAddress extends Named {
        private final boolean sender;

        RejectNonFqdnAddress(boolean sender) {
            super(sender ? "reject_non_fqdn_sender" : "reject_non_fqdn_recipient");
            this.sender = sender;
        }

        @Override
        public Status apply(Evaluation e) {
            Optional<String> address = sender ? e.facts.sender() : e.facts.recipient();
            if (address.isEmpty() || address.get().isEmpty()) {
                return Status.DUNNO;
            }
            String text = address.get();
            int at = text.lastIndexOf('@');
            String domain = at < 0 ? "" : text.substring(at + 1);
            if (domain.startsWith("[") && domain.endsWith("]")) {
                return Status.DUNNO;
            }
            String name = Hostnames.truncateDot(domain);
            if (!name.isEmpty() && Hostnames.isValidHostname(name) && name.indexOf('.') >= 0) {
                return Status.DUNNO;
            }
            return e.reject(e.settings.nonFqdnRejectCode(), "4.5.2", "<" + text + ">: "
                + (sender ? "Sender address" : "Recipient address") + " rejected: need fully-qualified address");
        }
    }

    /**
     * The sender login checks over smtpd_sender_login_maps: "authenticated" rejects a logged-in
     * client using an address it does not own (or, unless {@code allowUnknown}, one not listed);
     * "unauthenticated" rejects a client that did not log in but uses a listed address.
     */
    static final class SenderLoginMismatch extends Named {
        private final boolean checkAuthenticated;
        private final boolean checkUnauthenticated;
        private final boolean allowUnknown;

        SenderLoginMismatch(String name, boolean checkAuthenticated, boolean checkUnauthenticated, boolean allowUnknown) {
            super(name);
            this.checkAuthenticated = checkAuthenticated;
            this.checkUnauthenticated = checkUnauthenticated;
            this.allowUnknown = allowUnknown;
        }

        @Override
        public Status apply(Evaluation e) {
            Optional<String> sender = e.facts.sender();
            if (!e.settings.saslEnabled()) {
                e.warn("restriction `" + name() + "' ignored: no SASL support");
                return Status.DUNNO;
            }
            if (sender.isEmpty() || sender.get().isEmpty() || e.settings.senderLoginMaps().isEmpty()) {
                return Status.DUNNO;
            }
            String user = e.facts.saslUser();
            if (!user.isEmpty() && checkAuthenticated) {
                AddressMatch owners = owners(e, sender.get());
                if (owners instanceof AddressMatch.Failed) {
                    return temporaryFailure(e, sender.get());
                }
                if (owners instanceof AddressMatch.Found found) {
                    if (listsOwner(found.value(), user)) {
                        return Status.DUNNO;
                    }
                } else if (allowUnknown) {
                    return Status.DUNNO;
                }
                return e.reject(553, "5.7.1", "<" + sender.get() + ">: Sender address rejected: not owned by user " + user);
            }
            if (user.isEmpty() && checkUnauthenticated) {
                AddressMatch owners = owners(e, sender.get());
                if (owners instanceof AddressMatch.Failed) {
                    return temporaryFailure(e, sender.get());
                }
                if (owners instanceof AddressMatch.Found) {
                    return e.reject(553, "5.7.1", "<" + sender.get() + ">: Sender address rejected: not logged in");
                }
            }
            return Status.DUNNO;
        }

        /** True when the comma/space separated owner list names {@code user} (case-insensitively). */
        private static boolean listsOwner(String owners, String user) {
            int start = 0;
            while (start < owners.length()) {
                int end = start;
                while (end < owners.length() && owners.charAt(end) != ',' && !Character.isWhitespace(owners.charAt(end))) {
                    end++;
                }
                if (end - start == user.length() && owners.regionMatches(true, start, user, 0, user.length())) {
                    return true;
                }
                start = end + 1;
            }
            return false;
        }

        /** The owners listed for the sender (user@domain, user if local, @domain). */
        private static AddressMatch owners(Evaluation e, String sender) {
            EmailAddress address;
            try {
                address = EmailAddress.parse(sender);
            } catch (AddressSyntaxException ex) {
                return AddressMatch.NotFound.INSTANCE;
            }
            return AddressLookup.find(e.settings.senderLoginMaps(), address, KeyStrategy.VIRTUAL,
                e.settings.delimiter(), e.settings.localDomains());
        }
    }

    /** 451 4.3.0 "Temporary lookup failure" (Postfix's reject_dict_retry; not softened by warn_if_reject). */
    static Restriction.Status temporaryFailure(Evaluation e, String replyName) {
        return e.rejectAlways(451, "4.3.0", "<" + replyName + ">: Temporary lookup failure");
    }

    /** A smtpd_restriction_classes name: evaluates the class's list, looked up when applied (classes may nest). */
    static final class ClassReference extends Named {
        ClassReference(String name) {
            super(name);
        }

        @Override
        public Status apply(Evaluation e) {
            RestrictionList list = e.settings.classes().get(name());
            return list.apply(e);
        }
    }
}
