package org.jamesfix.restriction;

import java.util.List;
import java.util.function.Function;

import org.jamesfix.address.AddressClass;
import org.jamesfix.address.AddressLookup;
import org.jamesfix.address.AddressMatch;
import org.jamesfix.address.AddressResolver;
import org.jamesfix.address.KeyStrategy;
import org.jamesfix.address.LocalDomains;
import org.jamesfix.address.RecipientDelimiter;
import org.jamesfix.address.SystemAddresses;
import org.jamesfix.config.Parameters;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableList;

/**
 * Postfix's reject_unlisted_recipient (also applied after the RCPT lists passed when
 * smtpd_reject_unlisted_recipient = yes): a recipient in a local domain must be found in
 * local_recipient_maps, one in a relay domain in relay_recipient_maps
 * ("550 5.1.1 &lt;addr&gt;: Recipient address rejected: User unknown in local recipient table").
 * An empty map list means "every user exists", as in Postfix. Keys are the resolved address in
 * mail_addr_find order (user+ext@domain, user@domain, user+ext and user for local domains,
 * {@code @domain}). A failed lookup defers (451 4.3.0), never accepts. As in Postfix, postmaster,
 * MAILER-DAEMON and $double_bounce_sender in a local domain are never looked up
 * ({@link SystemAddresses}). Immutable.
 */
final class UnlistedRecipients {
    private final TableList localMaps;
    private final TableList relayMaps;
    private final int localRejectCode;
    private final int relayRejectCode;
    private final AddressLookup lookup;
    private final SystemAddresses systemAddresses;

    UnlistedRecipients(Parameters parameters, Function<String, LookupTable> open, LocalDomains localDomains) {
        this.localMaps = new TableList(tables(parameters, "local_recipient_maps", open));
        this.relayMaps = new TableList(tables(parameters, "relay_recipient_maps", open));
        this.localRejectCode = parameters.getInt("unknown_local_recipient_reject_code");
        this.relayRejectCode = parameters.getInt("unknown_relay_recipient_reject_code");
        this.lookup = new AddressLookup(KeyStrategy.VIRTUAL, RecipientDelimiter.of(parameters.get("recipient_delimiter")), localDomains);
        this.systemAddresses = new SystemAddresses(parameters.get("double_bounce_sender"));
    }

    private static List<LookupTable> tables(Parameters parameters, String name, Function<String, LookupTable> open) {
        return parameters.getList(name).stream().map(open).toList();
    }

    /** Rejects (through the evaluation, so it is logged) a recipient no table lists; DUNNO otherwise. */
    Restriction.Status check(Evaluation e, String recipient) {
        if (recipient.indexOf('@') < 0) {
            return Restriction.Status.DUNNO;
        }
        AddressResolver.Resolution resolution = e.settings.resolver().resolve(recipient);
        if (!(resolution instanceof AddressResolver.Resolved resolved)) {
            return Restriction.Status.DUNNO;
        }
        boolean local = resolved.addressClass() == AddressClass.LOCAL;
        if (local && systemAddresses.isSystemLocalPart(resolved.address().localPart())) {
            return Restriction.Status.DUNNO;
        }
        TableList maps = local ? localMaps : resolved.addressClass() == AddressClass.RELAY ? relayMaps : null;
        if (maps == null || maps.tables().isEmpty()) {
            return Restriction.Status.DUNNO;
        }
        AddressMatch match = lookup.find(maps, resolved.address());
        if (match instanceof AddressMatch.Failed failed) {
            e.warn(failed.source() + " lookup error for \"" + failed.key() + "\": " + failed.reason());
            return StandardRestrictions.temporaryFailure(e, recipient);
        }
        if (match instanceof AddressMatch.Found) {
            return Restriction.Status.DUNNO;
        }
        return e.reject(local ? localRejectCode : relayRejectCode, "5.1.1", "<" + recipient + ">: Recipient address rejected: "
            + (local ? "User unknown in local recipient table" : "User unknown in relay recipient table"));
    }
}
