package org.jamesfix.restriction;

import java.util.Map;

import org.jamesfix.address.AddressResolver;
import org.jamesfix.address.KeyStrategy;
import org.jamesfix.address.LocalDomains;
import org.jamesfix.address.ParentDomainStyle;
import org.jamesfix.address.RecipientDelimiter;
import org.jamesfix.net.NetworkList;
import org.jamesfix.table.TableList;

/**
 * The main.cf values restrictions read while checking, taken once from the policy. Immutable.
 *
 * @param resolver the RCPT TO address resolver (trivial-rewrite)
 * @param destinations the authorized-destination test (permit_auth_destination, reject_unauth_destination)
 * @param unlistedRecipients local_recipient_maps / relay_recipient_maps (reject_unlisted_recipient)
 * @param classes smtpd_restriction_classes: name to parsed list (also reachable from table values)
 * @param registry the restriction names, for lists found in access table values at check time
 */
record RestrictionSettings(
        NetworkList mynetworks,
        AddressResolver resolver,
        Destinations destinations,
        boolean saslEnabled,
        boolean softBounce,
        int accessMapRejectCode,
        int accessMapDeferCode,
        int relayDomainsRejectCode,
        int rejectCode,
        int deferCode,
        int nonFqdnRejectCode,
        int invalidHostnameRejectCode,
        int unknownClientRejectCode,
        ParentDomainStyle accessParents,
        KeyStrategy senderStrategy,
        KeyStrategy recipientStrategy,
        RecipientDelimiter delimiter,
        LocalDomains localDomains,
        TableList senderLoginMaps,
        UnlistedRecipients unlistedRecipients,
        Map<String, RestrictionList> classes,
        RestrictionRegistry registry) {
}
