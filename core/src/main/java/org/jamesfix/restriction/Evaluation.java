package org.jamesfix.restriction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of one check (one stage for one session): the facts, the list being walked, and
 * Postfix's bookkeeping (warn_if_reject, defer_if_permit, defer_if_reject, the reply, accepting
 * actions, log entries). Created per check, used by one thread, thrown away afterwards; this is
 * the only mutable object of the engine. Its lists are allocated only when something is added.
 */
final class Evaluation {
    /** Postfix refuses deeper nesting of classes and table values ("unreasonable recursion"). */
    static final int MAX_RECURSION = 100;

    final RestrictionSettings settings;
    final SessionFacts facts;
    final Stage stage;

    private ListKind kind = ListKind.CLIENT;
    private ListKind topKind = ListKind.CLIENT;
    private String replyName = "";
    private int recursion;
    private int warnIfReject;
    private Optional<Reply> deferIfPermit = Optional.empty();
    private Optional<Reply> deferIfReject = Optional.empty();
    private Optional<Reply> reply = Optional.empty();
    private boolean discard;
    private List<AcceptAction> actions = List.of();
    private List<String> logs = List.of();

    Evaluation(RestrictionSettings settings, SessionFacts facts, Stage stage) {
        this.settings = settings;
        this.facts = facts;
        this.stage = stage;
        this.discard = facts.hasAction(AcceptAction.Kind.DISCARD);
    }

    /** Walks one top-level list, after Postfix's per-stage reset (recursion, warn_if_reject, defer_if_reject). */
    Restriction.Status runList(RestrictionList list, ListKind listKind, String name) {
        recursion = 0;
        warnIfReject = 0;
        deferIfReject = Optional.empty();
        return continueWith(list, listKind, name);
    }

    /** Walks another top-level list of the same stage without the reset (recipient after relay restrictions). */
    Restriction.Status continueWith(RestrictionList list, ListKind listKind, String name) {
        kind = listKind;
        topKind = listKind;
        replyName = name;
        return list.isEmpty() ? Restriction.Status.DUNNO : list.apply(this);
    }

    /** Walks a nested list (class, table value): first non-DUNNO ends it; warn_if_reject scoping as Postfix. */
    Restriction.Status walk(List<Restriction> restrictions) {
        int saved = recursion++;
        Restriction.Status status = Restriction.Status.DUNNO;
        try {
            if (recursion > MAX_RECURSION) {
                return serverError("restriction nesting exceeds " + MAX_RECURSION);
            }
            for (int i = 0; i < restrictions.size(); i++) {
                if (discard) {
                    break;
                }
                Restriction restriction = restrictions.get(i);
                if (restriction instanceof StandardRestrictions.WarnIfReject) {
                    if (warnIfReject == 0) {
                        warnIfReject = recursion;
                    }
                    continue;
                }
                status = restriction.apply(this);
                if (warnIfReject >= recursion) {
                    warnIfReject = 0;
                }
                if (status != Restriction.Status.DUNNO) {
                    break;
                }
                if (deferIfPermit.isPresent() && deferIfReject.isPresent()) {
                    break;
                }
            }
            return status;
        } finally {
            recursion = saved;
            if (warnIfReject >= recursion) {
                warnIfReject = 0;
            }
        }
    }

    /** Walks a list found in an access table value, about that check's subject (Postfix passes its reply name and class). */
    Restriction.Status walkAbout(RestrictionList list, ListKind subjectKind, String subjectName) {
        ListKind savedKind = kind;
        String savedName = replyName;
        kind = subjectKind;
        replyName = subjectName;
        try {
            return list.apply(this);
        } finally {
            kind = savedKind;
            replyName = savedName;
        }
    }

    /** The kind of the subject replies talk about. */
    ListKind kind() {
        return kind;
    }

    /** The top-level list's kind: what a bare {@code type:table} element checks. */
    ListKind topKind() {
        return topKind;
    }

    /** The subject of the list being walked: {@code name[addr]}, the HELO name, an address, "DATA". */
    String replyName() {
        return replyName;
    }

    boolean warnIfRejectActive() {
        return warnIfReject != 0;
    }

    /** Postfix's smtpd_check_reject: validates, honours warn_if_reject, defer_if_reject, soft_bounce; logs. */
    Restriction.Status reject(int code, String dsn, String text) {
        boolean warnOnly = warnIfReject != 0;
        Reply candidate = validated(code, dsn, text);
        if (!warnOnly && deferIfReject.isPresent() && candidate.code() >= 500) {
            Reply deferred = deferIfReject.get();
            warnIfReject = 0;
            deferIfReject = Optional.empty();
            return reject(deferred.code(), deferred.enhancedCode(), deferred.text());
        }
        if (settings.softBounce() && candidate.code() >= 500) {
            candidate = new Reply(candidate.code() - 100, "4" + candidate.enhancedCode().substring(1), candidate.text());
        }
        log(warnOnly ? "reject_warning" : "reject", candidate.toString());
        if (warnOnly) {
            return Restriction.Status.DUNNO;
        }
        reply = Optional.of(candidate);
        return Restriction.Status.REJECT;
    }

    /** A reject that warn_if_reject cannot soften (Postfix's software/data error classes). */
    Restriction.Status rejectAlways(int code, String dsn, String text) {
        int saved = warnIfReject;
        warnIfReject = 0;
        Restriction.Status status = reject(code, dsn, text);
        warnIfReject = saved;
        return status;
    }

    /** 451 4.3.5 Server configuration error, with the cause logged as a warning. */
    Restriction.Status serverError(String warning) {
        warn(warning);
        return rejectAlways(451, "4.3.5", "Server configuration error");
    }

    /** Remembers the first defer_if_permit reason (or rejects now under warn_if_reject). */
    Restriction.Status deferIfPermit(int code, String dsn, String text) {
        if (warnIfReject != 0) {
            return reject(code, dsn, text);
        }
        if (deferIfPermit.isEmpty()) {
            deferIfPermit = Optional.of(validated(code, dsn, text));
        }
        return Restriction.Status.DUNNO;
    }

    /** Remembers the first defer_if_reject reason. */
    Restriction.Status deferIfReject(int code, String dsn, String text) {
        if (deferIfReject.isEmpty()) {
            deferIfReject = Optional.of(validated(code, dsn, text));
        }
        return Restriction.Status.DUNNO;
    }

    Optional<Reply> pendingDeferIfPermit() {
        return deferIfPermit;
    }

    void setPendingDeferIfPermit(Optional<Reply> pending) {
        deferIfPermit = pending;
    }

    Optional<Reply> reply() {
        return reply;
    }

    /** Turns a pending defer_if_permit into the reply (a permit or DUNNO ended the stage). */
    Restriction.Status applyDeferIfPermit() {
        Reply pending = deferIfPermit.get();
        return reject(pending.code(), pending.enhancedCode(), pending.text());
    }

    void addAction(AcceptAction action) {
        if (actions.isEmpty()) {
            actions = new ArrayList<>(2);
        }
        actions.add(action);
        if (action.kind() == AcceptAction.Kind.DISCARD) {
            discard = true;
        }
    }

    boolean hasAction(AcceptAction.Kind kind) {
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i).kind() == kind) {
                return true;
            }
        }
        return false;
    }

    List<AcceptAction> actions() {
        return actions;
    }

    /** Logs a NOQUEUE line: {@code NOQUEUE: WHAT: STAGE from name[addr]: TEXT; from=... }. */
    void log(String what, String text) {
        addLog(SmtpdRestrictions.logLine(stage, facts, what, text));
    }

    /** Logs a {@code warning: } line (configuration problems found while checking). */
    void warn(String text) {
        addLog("warning: " + text);
    }

    List<String> logs() {
        return logs;
    }

    private void addLog(String line) {
        if (logs.isEmpty()) {
            logs = new ArrayList<>(2);
        }
        logs.add(line);
    }

    /** Postfix's reply sanity rules: code 4xx/5xx, valid enhanced code, same first digit. */
    private Reply validated(int code, String dsn, String text) {
        if (code < 400 || code > 599) {
            warn("SMTP reply code configuration error: " + code + " " + dsn + " " + text);
            return new Reply(450, "4.7.1", "Service unavailable");
        }
        if (!EnhancedCodes.isValid(dsn)) {
            warn("DSN detail code configuration error: " + code + " " + dsn + " " + text);
            return new Reply(450, "4.7.1", "Service unavailable");
        }
        String consistent = dsn.charAt(0) == (char) ('0' + code / 100) ? dsn : (code / 100) + dsn.substring(1);
        return new Reply(code, consistent, printable(truncated(text, code, consistent)));
    }

    /** Keeps the whole reply within 510 characters, as Postfix does. */
    private static String truncated(String text, int code, String dsn) {
        int room = 510 - 3 - 1 - dsn.length() - 1;
        return text.length() > room ? text.substring(0, Math.max(0, room)) : text;
    }

    /** Replaces control characters by spaces (Postfix's printable()). */
    private static String printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f) {
                StringBuilder out = new StringBuilder(text);
                for (int j = i; j < out.length(); j++) {
                    char d = out.charAt(j);
                    if (d < ' ' || d == 0x7f) {
                        out.setCharAt(j, ' ');
                    }
                }
                return out.toString();
            }
        }
        return text;
    }
}
