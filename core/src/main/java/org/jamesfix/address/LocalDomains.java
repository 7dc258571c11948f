package org.jamesfix.address;

import java.util.function.Predicate;

/**
 * Answers "is this domain local?" for the local-part key forms ({@code user}, {@code user@} when
 * local): in Postfix, the domain equals $myorigin or resolve_local() matches it against
 * $mydestination, $inet_interfaces and $proxy_interfaces. That test can itself fail (a
 * mydestination table that cannot be read), and then the address search fails rather than guess.
 *
 * Called with the domain in lower case, and only when the search reaches a local-part form.
 */
@FunctionalInterface
public interface LocalDomains {

    /** The three answers: local, not local, or the test could not be made. */
    enum Answer {
        LOCAL, NOT_LOCAL, FAILED
    }

    /** No domain is local: the local-part forms are never tried. */
    LocalDomains NONE = domain -> Answer.NOT_LOCAL;

    Answer test(String domain);

    /** A test that cannot fail, from a plain predicate. */
    static LocalDomains matching(Predicate<String> isLocal) {
        return domain -> isLocal.test(domain) ? Answer.LOCAL : Answer.NOT_LOCAL;
    }
}
