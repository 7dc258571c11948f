package org.jamesfix.restriction;

/**
 * What an access(5) table value means (Postfix's check_table_result): OK / RELAY / all-numeric
 * permit; REJECT, DEFER, 4NN and 5NN reply; DEFER_IF_PERMIT, DEFER_IF_REJECT; DUNNO; accepting
 * actions (HOLD, DISCARD, REDIRECT, FILTER, PREPEND, BCC) and log-only ones (WARN, INFO); anything
 * else is a restriction list (names and classes) evaluated about the same subject.
 *
 * Errors: a value naming a lookup table, an unknown restriction, or too deep nesting answer
 * {@code 451 4.3.5 Server configuration error} with a warning logged, and the session goes on,
 * as in Postfix. Action words are case-insensitive; the text after the word is kept verbatim.
 */
final class AccessValue {
    private AccessValue() {
    }

    /** Acts on {@code value} found in {@code table} for {@code key}; replies talk about {@code replyName}. */
    static Restriction.Status apply(Evaluation e, String table, String value, String key, String replyName, ListKind kind) {
        int end = 0;
        while (end < value.length() && value.charAt(end) != ' ' && value.charAt(end) != '\t') {
            end++;
        }
        String command = value.substring(0, end);
        String text = value.substring(end).stripLeading();
        String replyClass = kind.replyClass();
        EnhancedCodes.ListKindClass addressKind = EnhancedCodes.ListKindClass.of(replyClass);
        String prefix = "<" + replyName + ">: " + replyClass;

        switch (command.toUpperCase(java.util.Locale.ROOT)) {
            case "DUNNO":
                return Restriction.Status.DUNNO;
            case "REJECT":
                return replyWithText(e, e.settings.accessMapRejectCode(), "5.7.1", text, prefix, addressKind, "Access denied", false);
            case "DEFER":
                return replyWithText(e, e.settings.accessMapDeferCode(), "4.7.1", text, prefix, addressKind, "Access denied", false);
            case "DEFER_IF_PERMIT":
                return replyWithText(e, e.settings.accessMapDeferCode(), "4.7.1", text, prefix, addressKind, "Service unavailable", true);
            case "DEFER_IF_REJECT": {
                String[] dsnAndText = splitCode("4.7.1", text);
                e.deferIfReject(e.settings.accessMapDeferCode(), EnhancedCodes.fix(dsnAndText[0], addressKind),
                    prefix + " rejected: " + orDefault(dsnAndText[1], "Service unavailable"));
                return Restriction.Status.DUNNO;
            }
            case "INFO":
                e.log("info", text);
                return Restriction.Status.DUNNO;
            case "WARN":
                e.log("warn", text);
                return Restriction.Status.DUNNO;
            case "HOLD":
                if (!canDelegate(e, table, "HOLD") || e.facts.hasAction(AcceptAction.Kind.HOLD) || e.hasAction(AcceptAction.Kind.HOLD)) {
                    return Restriction.Status.DUNNO;
                }
                e.log("hold", prefix + " " + orDefault(text, "triggers HOLD action"));
                e.addAction(new AcceptAction(AcceptAction.Kind.HOLD, text));
                return Restriction.Status.DUNNO;
            case "DISCARD":
                if (!canDelegate(e, table, "DISCARD")) {
                    return Restriction.Status.DUNNO;
                }
                e.log("discard", prefix + " " + orDefault(text, "triggers DISCARD action"));
                e.addAction(new AcceptAction(AcceptAction.Kind.DISCARD, text));
                return Restriction.Status.OK;
            case "FILTER":
                if (!canDelegate(e, table, "FILTER")) {
                    return Restriction.Status.DUNNO;
                }
                if (text.isEmpty()) {
                    e.warn("access table " + table + " entry \"" + key + "\" has FILTER entry without value");
                    return Restriction.Status.DUNNO;
                }
                if (text.indexOf(':') < 0) {
                    e.warn("access table " + table + " entry \"" + key + "\" requires transport:destination");
                    return Restriction.Status.DUNNO;
                }
                e.log("filter", prefix + " triggers FILTER " + text);
                e.addAction(new AcceptAction(AcceptAction.Kind.FILTER, text));
                return Restriction.Status.DUNNO;
            case "REDIRECT":
            case "BCC": {
                String word = command.toUpperCase(java.util.Locale.ROOT);
                if (!canDelegate(e, table, word)) {
                    return Restriction.Status.DUNNO;
                }
                if (text.indexOf('@') < 0) {
                    e.warn("access table " + table + " entry \"" + key + "\" requires user@domain target");
                    return Restriction.Status.DUNNO;
                }
                e.log(word.toLowerCase(java.util.Locale.ROOT), prefix + " triggers " + word + " " + text);
                e.addAction(new AcceptAction(word.equals("BCC") ? AcceptAction.Kind.BCC : AcceptAction.Kind.REDIRECT, text));
                return Restriction.Status.DUNNO;
            }
            case "PREPEND":
                if (e.facts.sender().isEmpty()) {
                    skippedOutsideMail(e, table, "PREPEND");
                    return Restriction.Status.DUNNO;
                }
                if (e.stage == Stage.END_OF_DATA) {
                    e.warn("access table " + table + ": action PREPEND must be used before smtpd_end_of_data_restrictions");
                    return Restriction.Status.DUNNO;
                }
                if (!isHeader(text)) {
                    e.warn("access table " + table + " entry \"" + key + "\" requires header: text");
                    return Restriction.Status.DUNNO;
                }
                e.addAction(new AcceptAction(AcceptAction.Kind.PREPEND, text));
                return Restriction.Status.DUNNO;
            case "OK":
            case "RELAY":
                return Restriction.Status.OK;
            default:
                break;
        }
        if (isAllDigits(value)) {
            return Restriction.Status.OK;
        }
        if (command.length() == 3 && !text.isEmpty() && (command.charAt(0) == '4' || command.charAt(0) == '5')
                && Character.isDigit(command.charAt(1)) && Character.isDigit(command.charAt(2))) {
            int code = Integer.parseInt(command);
            return replyWithText(e, code, command.charAt(0) + ".7.1", text, prefix, addressKind, "Access denied", false);
        }
        if (value.indexOf(':') >= 0) {
            e.warn("access table " + table + " has entry with lookup table: " + value);
            e.warn("do not specify lookup tables inside SMTPD access maps");
            e.warn("define a restriction class and specify its name instead.");
            return e.rejectAlways(451, "4.3.5", "Server configuration error");
        }
        RestrictionRegistry.ValueList parsed = e.settings.registry().parseValue(value);
        if (!parsed.unknownName().isEmpty()) {
            return e.serverError("unknown smtpd restriction: \"" + parsed.unknownName() + "\"");
        }
        if (parsed.list().isEmpty()) {
            // Postfix: an empty right-hand side once meant OK; it is an error now.
            e.warn("access table " + table + " entry \"" + key + "\" has empty value");
            return Restriction.Status.OK;
        }
        return e.walkAbout(parsed.list(), kind, replyName);
    }

    /** A reply from optional "X.Y.Z text" (enhanced code adjusted to the subject), default text otherwise. */
    private static Restriction.Status replyWithText(Evaluation e, int code, String defaultDsn, String text, String prefix,
            EnhancedCodes.ListKindClass addressKind, String defaultText, boolean deferIfPermit) {
        String[] dsnAndText = splitCode(defaultDsn, text);
        String dsn = EnhancedCodes.fix(dsnAndText[0], addressKind);
        String message = prefix + " rejected: " + orDefault(dsnAndText[1], defaultText);
        return deferIfPermit ? e.deferIfPermit(code, dsn, message) : e.reject(code, dsn, message);
    }

    /** Postfix's dsn_split: a leading enhanced code in the text, or the default. */
    private static String[] splitCode(String defaultDsn, String text) {
        int length = EnhancedCodes.leadingCode(text);
        if (length == 0) {
            return new String[] {defaultDsn, text};
        }
        return new String[] {text.substring(0, length), text.substring(length).stripLeading()};
    }

    /** HOLD, DISCARD, FILTER, REDIRECT, BCC need a mail transaction (Postfix's can_delegate_action). */
    private static boolean canDelegate(Evaluation e, String table, String action) {
        if (e.facts.sender().isEmpty()) {
            skippedOutsideMail(e, table, action);
            return false;
        }
        return true;
    }

    private static void skippedOutsideMail(Evaluation e, String table, String action) {
        e.warn("access table " + table + ": with smtpd_delay_reject=no, action " + action
            + " is always skipped in Client host or Helo command restrictions");
    }

    /** True for {@code Name: text} (a header name of printable non-space characters, then a colon). */
    private static boolean isHeader(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) > ' ' && text.charAt(i) < 0x7f && text.charAt(i) != ':') {
            i++;
        }
        while (i > 0 && i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i > 0 && i < text.length() && text.charAt(i) == ':';
    }

    private static boolean isAllDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String orDefault(String text, String fallback) {
        return text.isEmpty() ? fallback : text;
    }
}
