package org.jamesfix.launcher;

/**
 * Postfix's printable() for the logging layer: printable ASCII and non-ASCII characters pass,
 * everything else (CR, LF, TAB, other controls, DEL, U+FFFD left by undecodable bytes, a lone
 * surrogate) becomes '?'. The same rule as core's org.jamesfix.log.Printable, which the SMTP
 * handlers use; logback starts before the extension jar's classes can be loaded, so the launcher
 * has its own copy.
 */
final class LogText {
    private LogText() {
    }

    static String printable(String text) {
        if (text == null) {
            return null;
        }
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
