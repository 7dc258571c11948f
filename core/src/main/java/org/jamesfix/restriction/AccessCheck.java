package org.jamesfix.restriction;

import java.util.Optional;

import org.jamesfix.address.AddressLookup;
import org.jamesfix.address.AddressMatch;
import org.jamesfix.address.AddressSyntaxException;
import org.jamesfix.address.EmailAddress;
import org.jamesfix.address.KeyStrategy;
import org.jamesfix.address.ParentDomainStyle;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableList;

/**
 * check_client_access, check_helo_access, check_sender_access and check_recipient_access: one
 * access(5) table searched with Postfix's key order for the subject, the value found acted upon
 * by {@link AccessValue}. A bare {@code type:table} in a list is the check of the top-level
 * list's kind ({@code subject} empty).
 *
 * Key orders: client: host name, then its parent domains (no parents for a numeric name), then
 * the address and its shortened forms (1.2.3.4, 1.2.3, 1.2, 1; IPv6 drops one ':' part at a
 * time); helo: the name and its parents; sender and recipient: the address strategies of the
 * address package (null sender as smtpd_null_access_lookup_key). Parents are {@code example.com}
 * or {@code .example.com} as parent_domain_matches_subdomains says for smtpd_access_maps. Pattern
 * tables (regexp, pcre, cidr) are asked the first, whole key only. A key found with DUNNO ends the
 * search. A table that fails answers 451 4.3.5 "Server configuration error", as Postfix does, and
 * logs Postfix's {@code warning: TABLE lookup error for "KEY"} (with the reason appended).
 *
 * Limits: sender and recipient keys come from the address as sent (Postfix uses the address after
 * its trivial-rewrite resolution; they differ only for routing forms such as user%domain@host).
 */
final class AccessCheck implements Restriction {
    private static final String TABLE_FAILURE = "451 4.3.5 Server configuration error";

    private final String name;
    private final Optional<ListKind> subject;
    private final LookupTable table;
    private final TableList asList;

    AccessCheck(String name, Optional<ListKind> subject, LookupTable table) {
        this.name = name;
        this.subject = subject;
        this.table = table;
        this.asList = new TableList(java.util.List.of(table));
    }

    @Override
    public String name() {
        return name + " " + table.spec();
    }

    @Override
    public Status apply(Evaluation e) {
        ListKind kind = subject.orElse(e.topKind());
        return switch (kind) {
            case CLIENT -> checkClient(e);
            case HELO -> e.facts.heloName().isEmpty() ? Status.DUNNO
                : checkDomain(e, e.facts.heloName(), e.facts.heloName(), ListKind.HELO).orElse(Status.DUNNO);
            case SENDER -> e.facts.sender().isEmpty() ? Status.DUNNO : checkAddress(e, e.facts.sender().get(), ListKind.SENDER,
                e.settings.senderStrategy());
            case RECIPIENT -> e.facts.recipient().isEmpty() ? Status.DUNNO : checkAddress(e, e.facts.recipient().get(),
                ListKind.RECIPIENT, e.settings.recipientStrategy());
            case DATA, END_OF_DATA -> e.serverError("specify one of (check_client_access, check_reverse_client_hostname_access, "
                + "check_helo_access, check_sender_access, check_recipient_access, check_etrn_access) before "
                + kind.replyClass() + " restriction \"" + table.spec() + "\"");
        };
    }

    /** Host name (and parents), then the address (and its shorter forms). */
    private Status checkClient(Evaluation e) {
        String replyName = e.facts.nameAndAddress();
        Optional<Status> byName = checkDomain(e, e.facts.clientName(), replyName, ListKind.CLIENT);
        if (byName.isPresent()) {
            return byName.get();
        }
        String address = e.facts.clientAddress();
        char delimiter = address.indexOf(':') >= 0 ? ':' : '.';
        String key = address;
        boolean partial = false;
        while (true) {
            if (!(partial && table.matchesWholeStringOnly())) {
                LookupResult result = table.lookup(key);
                if (result instanceof LookupResult.Found found) {
                    return AccessValue.apply(e, table.spec(), found.value(), address, replyName, ListKind.CLIENT);
                }
                if (result instanceof LookupResult.Failed failed) {
                    lookupError(e, key, failed.reason());
                    return AccessValue.apply(e, table.spec(), TABLE_FAILURE, address, replyName, ListKind.CLIENT);
                }
            }
            int cut = key.lastIndexOf(delimiter);
            if (cut <= 0) {
                return Status.DUNNO;
            }
            key = key.substring(0, cut);
            partial = true;
        }
    }

    /** A domain and its parent domains; empty when no key matched. */
    private Optional<Status> checkDomain(Evaluation e, String domain, String replyName, ListKind kind) {
        boolean numeric = Hostnames.isValidHostAddress(domain);
        ParentDomainStyle style = e.settings.accessParents();
        String key = domain;
        int position = 0;
        boolean partial = false;
        while (true) {
            if (!(partial && table.matchesWholeStringOnly())) {
                LookupResult result = table.lookup(key);
                if (result instanceof LookupResult.Found found) {
                    return Optional.of(AccessValue.apply(e, table.spec(), found.value(), domain, replyName, kind));
                }
                if (result instanceof LookupResult.Failed failed) {
                    lookupError(e, key, failed.reason());
                    return Optional.of(AccessValue.apply(e, table.spec(), TABLE_FAILURE, domain, replyName, kind));
                }
            }
            if (numeric) {
                return Optional.empty();
            }
            int dot = domain.indexOf('.', position + 1);
            if (dot < 0) {
                return Optional.empty();
            }
            position = style == ParentDomainStyle.PARENT_MATCHES_SUBDOMAINS ? dot + 1 : dot;
            if (position >= domain.length()) {
                return Optional.empty();
            }
            key = domain.substring(position);
            partial = true;
        }
    }

    /** A sender or recipient address with the access(5) address key order. */
    private Status checkAddress(Evaluation e, String text, ListKind kind, KeyStrategy strategy) {
        EmailAddress address;
        try {
            address = EmailAddress.parse(text);
        } catch (AddressSyntaxException ex) {
            return Status.DUNNO;
        }
        AddressMatch match = AddressLookup.find(asList, address, strategy, e.settings.delimiter(), e.settings.localDomains());
        if (match instanceof AddressMatch.Found found) {
            return AccessValue.apply(e, table.spec(), found.value(), text, text, kind);
        }
        if (match instanceof AddressMatch.Failed failed) {
            lookupError(e, failed.key(), failed.source().equals(table.spec()) ? failed.reason() : failed.source() + ": " + failed.reason());
            return AccessValue.apply(e, table.spec(), TABLE_FAILURE, text, text, kind);
        }
        return Status.DUNNO;
    }

    /** Postfix's dict-level warning, so that the 451 reply can be traced to its table (and why). */
    private void lookupError(Evaluation e, String key, String reason) {
        e.warn(table.spec() + " lookup error for \"" + key + "\"" + (reason.isEmpty() ? "" : ": " + reason));
    }
}
