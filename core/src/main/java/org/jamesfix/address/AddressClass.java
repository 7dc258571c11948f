package org.jamesfix.address;

/**
 * Postfix's address classes (ADDRESS_CLASS_README): what a recipient domain is to this server.
 * reject_unauth_destination admits LOCAL, VIRTUAL_ALIAS, VIRTUAL_MAILBOX and RELAY for anyone;
 * DEFAULT (somewhere else) only for trusted or authenticated clients.
 */
public enum AddressClass {
    /** mydestination, inet_interfaces / proxy_interfaces IP literals. */
    LOCAL,
    /** virtual_alias_domains. */
    VIRTUAL_ALIAS,
    /** virtual_mailbox_domains. */
    VIRTUAL_MAILBOX,
    /** relay_domains (and subdomains where parent_domain_matches_subdomains says so). */
    RELAY,
    /** Every other destination. */
    DEFAULT
}
