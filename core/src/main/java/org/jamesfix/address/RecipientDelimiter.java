package org.jamesfix.address;

/**
 * Postfix's recipient_delimiter: a SET of characters (Postfix 2.11 and later), each of which
 * separates a local part from its extension; the first delimiter character found in the local
 * part splits it, and the extension keeps that character ({@code user+foo} -> {@code user},
 * {@code +foo}). An empty set disables extensions.
 *
 * As postconf(5) and global/split_addr.c say, some local parts are never split: postmaster,
 * mailer-daemon and $double_bounce_sender (case-insensitively), and, when the set contains '-'
 * and owner_request_special = yes, {@code owner-*} and {@code *-request}. A local part that
 * starts with a delimiter is not split either (the base would be empty).
 *
 * Immutable. Splitting returns an index, so a lookup allocates nothing for it.
 */
public record RecipientDelimiter(String delimiters, boolean ownerRequestSpecial, String doubleBounceSender) {
    /** recipient_delimiter empty (Postfix's default): no extensions. */
    public static final RecipientDelimiter NONE = new RecipientDelimiter("", true, "double-bounce");

    public RecipientDelimiter {
        if (doubleBounceSender.isEmpty()) {
            throw new IllegalArgumentException("double_bounce_sender must not be empty");
        }
    }

    /** The delimiter set with Postfix's defaults for the other two parameters. */
    public static RecipientDelimiter of(String delimiters) {
        return new RecipientDelimiter(delimiters, true, "double-bounce");
    }

    public boolean isEnabled() {
        return !delimiters.isEmpty();
    }

    /** Index in {@code localPart} of the delimiter that starts the extension, or -1 for none. */
    public int extensionStart(String localPart) {
        if (delimiters.isEmpty() || localPart.isEmpty()) {
            return -1;
        }
        if (localPart.equalsIgnoreCase("postmaster") || localPart.equalsIgnoreCase("mailer-daemon")
                || localPart.equalsIgnoreCase(doubleBounceSender)) {
            return -1;
        }
        if (ownerRequestSpecial && delimiters.indexOf('-') >= 0
                && (localPart.regionMatches(true, 0, "owner-", 0, 6)
                        || (localPart.length() > 8
                                && localPart.regionMatches(true, localPart.length() - 8, "-request", 0, 8)))) {
            return -1;
        }
        for (int i = 0; i < localPart.length(); i++) {
            if (delimiters.indexOf(localPart.charAt(i)) >= 0) {
                // A leading delimiter would leave an empty base: not an extension.
                return i == 0 ? -1 : i;
            }
        }
        return -1;
    }

    /** True when {@code c} is one of the delimiter characters. */
    public boolean isDelimiter(char c) {
        return delimiters.indexOf(c) >= 0;
    }
}
