package org.jamesfix.restriction;

/**
 * RFC 3463 enhanced status codes as Postfix's SMTP server handles them: recognising one at the
 * start of a table's reply text, and adjusting an address-related code (X.1.Y) to what is being
 * rejected (smtpd_dsn_fix: a recipient code on a sender becomes a sender code, any X.1.Y on a
 * non-address becomes X.0.0). Stateless.
 */
final class EnhancedCodes {
    // Index = the detail digit Y of X.1.Y; values are the sender and recipient forms of Y.
    private static final String[] SENDER_FORM = {"0", "7", "8", "7", "7", "0", "7", "7", "8"};
    private static final String[] RECIPIENT_FORM = {"0", "1", "2", "3", "4", "5", "6", "3", "2"};

    private EnhancedCodes() {
    }

    /** True for {@code D.N.N} with D in 2, 4, 5 and each N of one to three digits. */
    static boolean isValid(String code) {
        return validLength(code, 0) == code.length() && code.length() > 0;
    }

    /** The length of a valid enhanced code at the start of {@code text} when a blank or the end follows, else 0. */
    static int leadingCode(String text) {
        int length = validLength(text, 0);
        if (length > 0 && (length == text.length() || text.charAt(length) == ' ' || text.charAt(length) == '\t')) {
            return length;
        }
        return 0;
    }

    /** Adjusts an X.1.Y code to the reply class, as Postfix's smtpd_dsn_fix does. */
    static String fix(String code, ListKindClass what) {
        if (code.length() < 5 || code.charAt(1) != '.' || code.charAt(2) != '1' || code.charAt(3) != '.') {
            return code;
        }
        String detail = code.substring(4);
        char first = code.charAt(0);
        return switch (what) {
            case SENDER -> first + ".1." + form(SENDER_FORM, detail, "0");
            case RECIPIENT -> first + ".1." + form(RECIPIENT_FORM, detail, "0");
            case OTHER -> first + ".0.0";
        };
    }

    /** Which address, if any, a reply is about. */
    enum ListKindClass {
        SENDER, RECIPIENT, OTHER;

        static ListKindClass of(String replyClass) {
            return switch (replyClass) {
                case "Sender address" -> SENDER;
                case "Recipient address" -> RECIPIENT;
                default -> OTHER;
            };
        }
    }

    private static String form(String[] forms, String detail, String fallback) {
        if (detail.length() == 1 && detail.charAt(0) >= '1' && detail.charAt(0) <= '8') {
            return forms[detail.charAt(0) - '0'];
        }
        return fallback;
    }

    /** Length of a valid code starting at {@code start}, or 0. */
    private static int validLength(String text, int start) {
        int i = start;
        if (i >= text.length() || (text.charAt(i) != '2' && text.charAt(i) != '4' && text.charAt(i) != '5')) {
            return 0;
        }
        i++;
        for (int part = 0; part < 2; part++) {
            if (i >= text.length() || text.charAt(i) != '.') {
                return 0;
            }
            i++;
            int digits = 0;
            while (i < text.length() && Character.isDigit(text.charAt(i)) && digits < 4) {
                i++;
                digits++;
            }
            if (digits == 0 || digits > 3) {
                return 0;
            }
        }
        return i - start;
    }
}
