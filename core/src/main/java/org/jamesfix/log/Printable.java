package org.jamesfix.log;

/**
 * Postfix's printable(): what a log line may carry of client-supplied text. Printable ASCII and
 * non-ASCII characters pass; every other character (CR, LF, TAB, other controls, DEL) becomes
 * the replacement, so a client cannot end a log line and forge the next one. Postfix runs every
 * log message through it with '?' (util/msg_output.c), and keeps valid UTF-8 since smtputf8_enable
 * is on by default; here the text is already decoded, and U+FFFD, what a decoder leaves for bytes
 * that were not UTF-8, stands for such a byte and is replaced too, as Postfix replaces the byte.
 */
public final class Printable {
    private Printable() {
    }

    /** The text with every non-printable character replaced by '?', as Postfix logs it. */
    public static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = c >= 0x20 && c < 0x7f
                || c >= 0x80 && c != '\uFFFD' && !Character.isSurrogate(c)
                || Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (!keep && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(keep ? c : '?');
            }
        }
        return out == null ? text : out.toString();
    }
}
