package org.jamesfix.address;

/**
 * The lookup keys Postfix derives from {@code user+ext@domain} (global/mail_addr_find.c's
 * MA_FIND_* flags, and smtpd_check.c's access-map order). Declaration order IS the search order:
 * a {@link KeyStrategy} picks a subset, it never reorders. Only {@link #FULL} (and the null
 * address key) reach pattern tables; every other form is a partial key, asked of fixed-string
 * tables only.
 */
public enum KeyForm {
    /** {@code user+ext@domain}, or {@code user+ext} for a bare user: the whole address. */
    FULL,
    /**
     * {@code user@domain} when the address has an extension. Without this form no extension is
     * ever stripped, also not for the local-part forms below (as in Postfix).
     */
    NO_EXTENSION,
    /** {@code user+ext}, then {@code user}, when the domain is local. */
    LOCALPART_IF_LOCAL,
    /** {@code user+ext@}, then {@code user@}, when the domain is local. */
    LOCALPART_AT_IF_LOCAL,
    /** {@code @domain}. */
    AT_DOMAIN,
    /** {@code domain}, then its parents as the strategy's {@link ParentDomainStyle} says. */
    DOMAIN,
    /** {@code user+ext@}, then {@code user@}, whatever the domain (access maps). */
    LOCALPART_AT,
    /** {@code *}: transport(5)'s wild-card, tried after everything else. */
    WILDCARD,
    /** The strategy's null-address key ({@code <>} for access maps): the null address only. */
    NULL_ADDRESS
}
