package org.jamesfix.restriction;

import org.jamesfix.net.IpAddresses;

/**
 * Host name and address syntax as Postfix's valid_hostname()/valid_hostaddr() judge it:
 * labels of letters, digits, '_' and inner '-', at most 63 characters each and 255 in all, not
 * all-numeric. A single trailing dot is ignored (Postfix's dup_if_truncate). Stateless.
 */
final class Hostnames {
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;

    private Hostnames() {
    }

    /** The name without one trailing dot (but "a.." keeps its dots). */
    static String truncateDot(String name) {
        if (name.length() > 1 && name.endsWith(".") && !name.endsWith("..")) {
            return name.substring(0, name.length() - 1);
        }
        return name;
    }

    /** True for a syntactically valid host name. */
    static boolean isValidHostname(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        int labelLength = 0;
        boolean nonNumeric = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean last = i + 1 == name.length();
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '_')) {
                if (++labelLength > MAX_LABEL) {
                    return false;
                }
                nonNumeric |= !Character.isDigit(c);
            } else if (c == '.') {
                if (labelLength == 0 || last) {
                    return false;
                }
                labelLength = 0;
            } else if (c == '-') {
                nonNumeric = true;
                labelLength++;
                if (labelLength == 1 || last || name.charAt(i + 1) == '.') {
                    return false;
                }
            } else {
                return false;
            }
        }
        return nonNumeric;
    }

    /** True for a numeric IPv4 or IPv6 address (without brackets). */
    static boolean isValidHostAddress(String text) {
        return (text.indexOf(':') >= 0 || text.chars().allMatch(c -> c == '.' || Character.isDigit(c)))
            && IpAddresses.parse(text).isPresent();
    }

    /** True for {@code [address]} or {@code [IPv6:address]} with a valid address inside. */
    static boolean isValidAddressLiteral(String text) {
        if (text.length() < 3 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            return false;
        }
        String inner = text.substring(1, text.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            inner = inner.substring(5);
            return inner.indexOf(':') >= 0 && isValidHostAddress(inner);
        }
        return inner.indexOf(':') < 0 && isValidHostAddress(inner);
    }
}
