package org.jamesfix.address;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static org.jamesfix.address.KeyForm.AT_DOMAIN;
import static org.jamesfix.address.KeyForm.DOMAIN;
import static org.jamesfix.address.KeyForm.FULL;
import static org.jamesfix.address.KeyForm.LOCALPART_AT;
import static org.jamesfix.address.KeyForm.LOCALPART_IF_LOCAL;
import static org.jamesfix.address.KeyForm.NO_EXTENSION;
import static org.jamesfix.address.KeyForm.NULL_ADDRESS;
import static org.jamesfix.address.KeyForm.WILDCARD;

/**
 * Which keys a feature derives from an address (Postfix's strategy argument of
 * mail_addr_find_opt()): a set of {@link KeyForm}s, searched in the enum's order; how parent
 * domains are tried; whether pattern tables see the whole address folded to lower case; and the
 * key standing for the null address (empty: the null address is not looked up at all).
 *
 * The presets below are the search orders of Postfix 3.7's manual pages. Immutable.
 *
 * @param forms the key forms used, searched in {@link KeyForm} declaration order
 * @param parents how {@link KeyForm#DOMAIN} continues with parent domains
 * @param foldWholeStringKey true when pattern tables see the whole address in lower case
 * @param nullAddressKey the key for the null address, asked of every table; "" for none
 */
public record KeyStrategy(Set<KeyForm> forms, ParentDomainStyle parents, boolean foldWholeStringKey, String nullAddressKey) {

    /**
     * virtual(5), TABLE SEARCH ORDER and ADDRESS EXTENSION: {@code user+foo@domain},
     * {@code user@domain}, {@code user+foo} and {@code user} (local domains only: $myorigin,
     * $mydestination, $inet_interfaces, $proxy_interfaces), {@code @domain}. Pattern tables see
     * the address as written (Postfix folds only fixed-string keys for these maps; regexp and
     * pcre match case-insensitively anyway). The null address is never looked up.
     */
    public static final KeyStrategy VIRTUAL = of(EnumSet.of(FULL, NO_EXTENSION, LOCALPART_IF_LOCAL, AT_DOMAIN), ParentDomainStyle.NONE, false, "");

    /** canonical(5), TABLE SEARCH ORDER and ADDRESS EXTENSION: the same order as {@link #VIRTUAL}. */
    public static final KeyStrategy CANONICAL = VIRTUAL;

    /**
     * relocated(5), TABLE SEARCH ORDER and ADDRESS EXTENSION: {@code user+foo@domain},
     * {@code user@domain}, {@code user+foo}, {@code user} (local domains only), {@code @domain}.
     */
    public static final KeyStrategy RELOCATED = VIRTUAL;

    /**
     * transport(5), TABLE SEARCH ORDER: {@code user+extension@domain}, {@code user@domain},
     * {@code domain}, {@code .domain} for subdomains (transport_maps is not in Postfix 3.7's
     * default parent_domain_matches_subdomains; {@link #withParents} changes that), then the
     * wild-card {@code *}. No local-part or {@code @domain} forms. The null recipient is looked
     * up by the caller as $empty_address_recipient@$myhostname, as transport(5) note 1 says.
     */
    public static final KeyStrategy TRANSPORT = of(EnumSet.of(FULL, NO_EXTENSION, DOMAIN, WILDCARD), ParentDomainStyle.DOT_PARENT_MATCHES_SUBDOMAINS, false, "");

    /**
     * access(5), EMAIL ADDRESS PATTERNS and EMAIL ADDRESS EXTENSION, for check_sender_access:
     * {@code user+foo@domain}, {@code user@domain}, {@code domain} and its parents (smtpd_access_maps
     * is in the default parent_domain_matches_subdomains, so without a dot), {@code user+foo@},
     * {@code user@}. The null sender is looked up as {@code <>} (smtpd_null_access_lookup_key).
     * Pattern tables see the address in lower case (observed with Postfix 3.7.11: POSTFIX-FACTS).
     */
    public static final KeyStrategy ACCESS_SENDER = of(EnumSet.of(FULL, NO_EXTENSION, DOMAIN, LOCALPART_AT), ParentDomainStyle.PARENT_MATCHES_SUBDOMAINS, true, "<>");

    /** access(5) for check_recipient_access: the same order as {@link #ACCESS_SENDER}. */
    public static final KeyStrategy ACCESS_RECIPIENT = ACCESS_SENDER;

    public KeyStrategy {
        if (forms.contains(NULL_ADDRESS)) {
            throw new IllegalArgumentException("NULL_ADDRESS is chosen with nullAddressKey, not as a form");
        }
        forms = forms.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(KeyForm.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(forms));
    }

    /** A strategy from its parts (the enum set is copied). */
    public static KeyStrategy of(Collection<KeyForm> forms, ParentDomainStyle parents, boolean foldWholeStringKey, String nullAddressKey) {
        return new KeyStrategy(forms.isEmpty() ? EnumSet.noneOf(KeyForm.class) : EnumSet.copyOf(forms), parents, foldWholeStringKey, nullAddressKey);
    }

    /** This strategy with another parent-domain style (parent_domain_matches_subdomains). */
    public KeyStrategy withParents(ParentDomainStyle style) {
        return new KeyStrategy(forms, style, foldWholeStringKey, nullAddressKey);
    }

    /** This strategy with another null-address key (smtpd_null_access_lookup_key); "" for none. */
    public KeyStrategy withNullAddressKey(String key) {
        return new KeyStrategy(forms, parents, foldWholeStringKey, key);
    }

    public boolean uses(KeyForm form) {
        return forms.contains(form);
    }
}
