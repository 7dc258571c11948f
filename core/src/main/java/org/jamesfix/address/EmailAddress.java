package org.jamesfix.address;

import java.util.Locale;
import java.util.Optional;

/**
 * An envelope mail address as Postfix keeps it internally: the local part unquoted, the domain
 * optional (a bare {@code user}), and the null address {@code <>} as its own value. Case is kept
 * as written (Postfix delivers with the case it received); lookups fold it, see
 * {@link AddressLookup}.
 *
 * {@link #parse} accepts the RFC 5321 path forms Postfix's SMTP server takes: with or without
 * angle brackets, source routes ({@code @a,@b:user@d}, the route is dropped), quoted local parts
 * and backslash escapes, a trailing dot after the domain, address literals ({@code [192.0.2.1]}),
 * and the local part split at the LAST unquoted {@code @} (so {@code user@foreign@local} has the
 * local part {@code user@foreign}).
 *
 * Errors: malformed input throws {@link AddressSyntaxException} naming the problem. Limits: the
 * domain is checked for shape only (labels, literal brackets), not resolved; policy checks such as
 * resolve_numeric_domain belong to the callers.
 */
public final class EmailAddress {
    private static final EmailAddress NULL_ADDRESS = new EmailAddress("", "");

    private final String localPart;
    private final String domain;

    private EmailAddress(String localPart, String domain) {
        this.localPart = localPart;
        this.domain = domain;
    }

    /** The null address {@code <>} (bounces, the null sender). */
    public static EmailAddress nullAddress() {
        return NULL_ADDRESS;
    }

    /** An address from an unquoted local part and a domain; an empty local part needs a domain. */
    public static EmailAddress of(String localPart, String domain) {
        if (domain.isEmpty()) {
            throw new AddressSyntaxException("empty domain in address: " + localPart + "@");
        }
        checkDomain(domain);
        return new EmailAddress(localPart, domain);
    }

    /** A bare local part without domain ({@code user}); the empty string is the null address. */
    public static EmailAddress bare(String localPart) {
        return localPart.isEmpty() ? NULL_ADDRESS : new EmailAddress(localPart, "");
    }

    /** Parses an envelope address as given in MAIL FROM / RCPT TO, brackets optional. */
    public static EmailAddress parse(String text) {
        String path = text.strip();
        if (path.startsWith("<")) {
            if (!path.endsWith(">") || path.length() < 2) {
                throw new AddressSyntaxException("unbalanced angle brackets: " + text);
            }
            path = path.substring(1, path.length() - 1);
        } else if (path.endsWith(">")) {
            throw new AddressSyntaxException("unbalanced angle brackets: " + text);
        }
        if (path.isEmpty()) {
            return NULL_ADDRESS;
        }
        int start = 0;
        if (path.charAt(0) == '@') {
            // A source route "@a,@b:user@d" is dropped, as Postfix does; "@domain" alone is
            // an empty local part in that domain.
            int colon = path.indexOf(':');
            if (colon > 0) {
                start = colon + 1;
            }
        }
        return parseMailbox(path, start, text);
    }

    /** Splits {@code path[start..]} into local part and domain at the last unquoted '@'. */
    private static EmailAddress parseMailbox(String path, int start, String original) {
        StringBuilder local = new StringBuilder(path.length() - start);
        int at = -1;
        int localLength = 0;
        boolean quoted = false;
        for (int i = start; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                if (++i == path.length()) {
                    throw new AddressSyntaxException("backslash at end of address: " + original);
                }
                local.append(path.charAt(i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '@' && !quoted) {
                // Remember where the domain may start; an earlier '@' belongs to the local part.
                at = i;
                localLength = local.length();
                local.append(c);
            } else if (!quoted && (c <= ' ' || c == 0x7f)) {
                throw new AddressSyntaxException("unquoted white space or control character in address: " + original);
            } else {
                local.append(c);
            }
        }
        if (quoted) {
            throw new AddressSyntaxException("unbalanced quote in address: " + original);
        }
        if (at < 0) {
            return local.length() == 0 ? NULL_ADDRESS : new EmailAddress(local.toString(), "");
        }
        String domain = path.substring(at + 1);
        if (domain.endsWith(".") && domain.length() > 1) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.isEmpty()) {
            throw new AddressSyntaxException("empty domain in address: " + original);
        }
        checkDomain(domain);
        // The local part is everything before the last unquoted '@' (not the last '@': a quoted
        // one may follow in an address literal, as in a@["@"]).
        return new EmailAddress(local.substring(0, localLength), domain);
    }

    /** Rejects domains that are neither dot-separated labels nor a non-empty address literal. */
    private static void checkDomain(String domain) {
        if (domain.charAt(0) == '[') {
            if (domain.length() < 3 || domain.charAt(domain.length() - 1) != ']') {
                throw new AddressSyntaxException("malformed address literal: " + domain);
            }
            return;
        }
        int labelStart = 0;
        for (int i = 0; i <= domain.length(); i++) {
            char c = i < domain.length() ? domain.charAt(i) : '.';
            if (c == '.') {
                if (i == labelStart) {
                    throw new AddressSyntaxException("empty label in domain: " + domain);
                }
                labelStart = i + 1;
            } else if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                throw new AddressSyntaxException("invalid character in domain: " + domain);
            }
        }
    }

    public boolean isNull() {
        return this == NULL_ADDRESS;
    }

    /** The local part, unquoted; empty for the null address and for {@code @domain}. */
    public String localPart() {
        return localPart;
    }

    /** The domain as written (trailing dot removed); empty for a bare user and the null address. */
    public Optional<String> domain() {
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }

    public boolean hasDomain() {
        return !domain.isEmpty();
    }

    /** The domain, or "" without one: for hot paths that must not allocate an Optional. */
    String domainOrEmpty() {
        return domain;
    }

    /** This address with another local part (the same instance when it is unchanged). */
    public EmailAddress withLocalPart(String newLocalPart) {
        if (newLocalPart.equals(localPart)) {
            return this;
        }
        if (newLocalPart.isEmpty() && domain.isEmpty()) {
            return NULL_ADDRESS;
        }
        return new EmailAddress(newLocalPart, domain);
    }

    /** Internal (unquoted) form: {@code local@domain}, {@code local}, or "" for the null address. */
    public String toInternalForm() {
        return domain.isEmpty() ? localPart : localPart + "@" + domain;
    }

    /** External form as used for table keys: the local part quoted when RFC 5322 needs it. */
    public String toExternalForm() {
        if (isNull()) {
            return "";
        }
        String local = quoteLocalPart(localPart);
        return domain.isEmpty() ? local : local + "@" + domain;
    }

    /** The local part quoted (with backslash escapes) unless it is a plain dot-atom. */
    static String quoteLocalPart(String local) {
        if (isDotAtom(local)) {
            return local;
        }
        StringBuilder quoted = new StringBuilder(local.length() + 2).append('"');
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /** True for a non-empty RFC 5322 dot-atom: atext runs separated by single dots. */
    private static boolean isDotAtom(String local) {
        if (local.isEmpty() || local.charAt(0) == '.' || local.charAt(local.length() - 1) == '.') {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '.') {
                if (local.charAt(i - 1) == '.') {
                    return false;
                }
            } else if (!isAtext(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0 || c >= 0x80;
    }

    /** Lower case as Postfix folds lookup keys (locale independent). */
    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmailAddress that && localPart.equals(that.localPart) && domain.equals(that.domain);
    }

    @Override
    public int hashCode() {
        return localPart.hashCode() * 31 + domain.hashCode();
    }

    /** The external form, {@code <>} for the null address. */
    @Override
    public String toString() {
        return isNull() ? "<>" : toExternalForm();
    }
}
