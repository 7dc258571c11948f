package org.jamesfix.address;

import java.util.Collection;

/**
 * How {@link KeyForm#DOMAIN} continues after the domain itself, following
 * parent_domain_matches_subdomains (postconf(5)): when the feature is listed there, the pattern
 * {@code example.com} also matches {@code a.example.com} (keys {@code a.example.com},
 * {@code example.com}, {@code com}); when it is not, subdomains need an explicit
 * {@code .example.com} (keys {@code a.example.com}, {@code .example.com}, {@code .com}).
 */
public enum ParentDomainStyle {
    /** Only the domain itself. */
    NONE,
    /** Parent domains without a leading dot: the feature is in parent_domain_matches_subdomains. */
    PARENT_MATCHES_SUBDOMAINS,
    /** Parent domains with a leading dot: the feature is not in parent_domain_matches_subdomains. */
    DOT_PARENT_MATCHES_SUBDOMAINS;

    /** The style for a feature name, given the value of parent_domain_matches_subdomains as a list. */
    public static ParentDomainStyle forFeature(String feature, Collection<String> parentDomainMatchesSubdomains) {
        return parentDomainMatchesSubdomains.contains(feature) ? PARENT_MATCHES_SUBDOMAINS : DOT_PARENT_MATCHES_SUBDOMAINS;
    }
}
