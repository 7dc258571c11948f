package org.jamesfix.address;

import java.util.List;
import java.util.Optional;

/**
 * The address argument of MAIL FROM / RCPT TO as Postfix's smtpd extracts it: the path after
 * {@code FROM:} / {@code TO:} (angle brackets optional, ESMTP parameters after it dropped), then
 * in Postfix's internal form: the source route ({@code @a,@b:}) removed, quotes and backslash
 * escapes taken away ({@code "user@x"@example.com} becomes {@code user@x@example.com}). This is the
 * address restrictions look at and replies quote; case and a trailing dot are kept.
 */
public final class SmtpPath {
    private SmtpPath() {
    }

    /**
     * The path of a MAIL/RCPT argument ({@code TO:<a@b> NOTIFY=NEVER} gives {@code <a@b>}), or
     * empty when the argument does not start with {@code keyword:}.
     */
    public static Optional<String> path(String argument, String keyword) {
        if (argument == null || argument.length() <= keyword.length()
                || !argument.regionMatches(true, 0, keyword, 0, keyword.length()) || argument.charAt(keyword.length()) != ':') {
            return Optional.empty();
        }
        String rest = argument.substring(keyword.length() + 1).strip();
        if (rest.startsWith("<")) {
            int end = closingBracket(rest);
            return Optional.of(end < 0 ? rest : rest.substring(0, end + 1));
        }
        int space = rest.indexOf(' ');
        return Optional.of(space < 0 ? rest : rest.substring(0, space));
    }

    /**
     * The ESMTP parameters after the path ({@code TO:<a@b> NOTIFY=NEVER} gives
     * {@code [NOTIFY=NEVER]}); empty when there are none or no path.
     */
    public static List<String> parameters(String argument, String keyword) {
        Optional<String> path = path(argument, keyword);
        if (path.isEmpty()) {
            return List.of();
        }
        String rest = argument.substring(keyword.length() + 1).strip();
        String after = rest.substring(path.get().length()).strip();
        return after.isEmpty() ? List.of() : List.of(after.split("\\s+"));
    }

    /** The '>' that closes the path, skipping quoted strings and escapes; -1 if none. */
    private static int closingBracket(String path) {
        boolean quoted = false;
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The internal form of a path ("" for {@code <>}); empty when it is malformed (unbalanced
     * brackets or quotes, a trailing backslash, white space outside quotes): Postfix's
     * "501 5.1.3 Bad ... address syntax".
     */
    public static Optional<String> internalForm(String path) {
        String address = path.strip();
        if (address.startsWith("<") != address.endsWith(">") || address.equals("<") || address.equals(">")) {
            return Optional.empty();
        }
        if (address.startsWith("<")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.startsWith("@")) {
            int colon = address.indexOf(':');
            if (colon > 0) {
                address = address.substring(colon + 1);
            }
        }
        StringBuilder out = new StringBuilder(address.length());
        boolean quoted = false;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '\\') {
                if (++i == address.length()) {
                    return Optional.empty();
                }
                out.append(address.charAt(i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c <= ' ') {
                return Optional.empty();
            } else {
                out.append(c);
            }
        }
        return quoted ? Optional.empty() : Optional.of(out.toString());
    }
}
