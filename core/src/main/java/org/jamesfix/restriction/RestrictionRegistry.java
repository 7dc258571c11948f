package org.jamesfix.restriction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Origin;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;

/**
 * Restriction names to restriction objects (Postfix's names, case-insensitive), and the parser of
 * restriction lists: {@code permit_mynetworks, check_client_access hash:/etc/postfix/access,
 * reject}. Names that take a table read the next word; a bare {@code type:table} is the access
 * check of the list it is in; smtpd_restriction_classes names are restrictions too.
 *
 * Errors (at load, with the parameter's file and line): an unknown name ({@code unknown smtpd
 * restriction: "NAME"}), a supported Postfix restriction that needs DNS or a policy server
 * (refused as unsupported), a missing or malformed table argument, a table that fails to open.
 * Immutable; one instance per policy (it knows that policy's class names).
 */
final class RestrictionRegistry {
    private static final Map<String, Restriction> SIMPLE = simple();
    private static final Map<String, Optional<ListKind>> ACCESS_CHECKS = Map.of(
        "check_client_access", Optional.of(ListKind.CLIENT),
        "check_helo_access", Optional.of(ListKind.HELO),
        "check_sender_access", Optional.of(ListKind.SENDER),
        "check_recipient_access", Optional.of(ListKind.RECIPIENT));
    /** Postfix 3.7 restrictions Jamesfix refuses: they need DNS, a policy server, client certificates or recipient maps. */
    private static final Set<String> UNSUPPORTED = Set.of(
        "reject_unknown_reverse_client_hostname",
        "reject_unknown_helo_hostname", "reject_unknown_hostname", "reject_unknown_sender_domain",
        "reject_unknown_recipient_domain", "reject_unknown_address", "reject_rbl_client", "reject_rbl",
        "reject_rhsbl_client", "reject_rhsbl_reverse_client", "reject_rhsbl_helo", "reject_rhsbl_sender",
        "reject_rhsbl_recipient", "permit_dnswl_client", "permit_rhswl_client", "reject_maps_rbl",
        "permit_mx_backup", "check_client_a_access", "check_client_mx_access", "check_client_ns_access",
        "check_reverse_client_hostname_access", "check_reverse_client_hostname_a_access",
        "check_reverse_client_hostname_mx_access", "check_reverse_client_hostname_ns_access",
        "check_helo_a_access", "check_helo_mx_access", "check_helo_ns_access", "check_sender_a_access",
        "check_sender_mx_access", "check_sender_ns_access", "check_recipient_a_access", "check_recipient_mx_access",
        "check_recipient_ns_access", "check_policy_service", "check_ccert_access", "check_sasl_access",
        "check_etrn_access", "reject_unverified_sender", "reject_unverified_recipient", "reject_unlisted_sender",
        "permit_tls_clientcerts", "permit_tls_all_clientcerts",
        "reject_plaintext_session", "reject_multi_recipient_bounce", "permit_inet_interfaces", "sleep",
        "check_relay_domains", "permit_naked_ip_address", "reject_unknown_forward_client_hostname");

    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s,]+");

    private final Set<String> classNames;

    RestrictionRegistry(Set<String> classNames) {
        this.classNames = Set.copyOf(classNames);
    }

    private static Map<String, Restriction> simple() {
        List<Restriction> all = List.of(
            new StandardRestrictions.Permit(),
            new StandardRestrictions.Reject(),
            new StandardRestrictions.Defer(),
            new StandardRestrictions.DeferIfPermit(),
            new StandardRestrictions.DeferIfReject(),
            new StandardRestrictions.WarnIfReject(),
            new StandardRestrictions.PermitMynetworks(),
            new StandardRestrictions.PermitSaslAuthenticated(),
            new StandardRestrictions.RejectUnknownClientHostname(),
            new StandardRestrictions.RejectUnlistedRecipient(),
            new StandardRestrictions.PermitAuthDestination(),
            new StandardRestrictions.RejectUnauthDestination(false),
            new StandardRestrictions.RejectUnauthDestination(true),
            new StandardRestrictions.RejectUnauthPipelining(),
            new StandardRestrictions.RejectInvalidHeloHostname(),
            new StandardRestrictions.RejectNonFqdnHeloHostname(),
            new StandardRestrictions.RejectNonFqdnAddress(true),
            new StandardRestrictions.RejectNonFqdnAddress(false),
            new StandardRestrictions.SenderLoginMismatch("reject_authenticated_sender_login_mismatch", true, false, false),
            new StandardRestrictions.SenderLoginMismatch("reject_known_sender_login_mismatch", true, true, true),
            new StandardRestrictions.SenderLoginMismatch("reject_unauthenticated_sender_login_mismatch", false, true, false),
            // Postfix defines this one as a built-in class of the authenticated and unauthenticated checks.
            new StandardRestrictions.SenderLoginMismatch("reject_sender_login_mismatch", true, true, false));
        Map<String, Restriction> byName = new java.util.HashMap<>();
        for (Restriction restriction : all) {
            byName.put(restriction.name(), restriction);
        }
        // Postfix's older names for the same checks.
        byName.put("reject_invalid_hostname", byName.get("reject_invalid_helo_hostname"));
        byName.put("reject_non_fqdn_hostname", byName.get("reject_non_fqdn_helo_hostname"));
        byName.put("reject_unknown_client", byName.get("reject_unknown_client_hostname"));
        byName.put("check_recipient_maps", byName.get("reject_unlisted_recipient"));
        return Map.copyOf(byName);
    }

    /**
     * Parses one list parameter's words, opening tables with {@code openTable}; errors are located
     * at {@code origin} and name {@code parameter}.
     */
    RestrictionList parse(String parameter, List<String> words, Origin origin, Function<String, LookupTable> openTable) {
        List<Restriction> restrictions = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String folded = word.toLowerCase(Locale.ROOT);
            Restriction simple = SIMPLE.get(folded);
            if (simple != null) {
                restrictions.add(simple);
            } else if (ACCESS_CHECKS.containsKey(folded)) {
                if (i + 1 >= words.size() || !TableRegistry.isSpec(words.get(i + 1))) {
                    String argument = i + 1 >= words.size() ? "" : words.get(i + 1);
                    throw origin.error("restriction " + word + ": bad argument \"" + argument
                        + "\": need maptype:mapname (in parameter " + parameter + ")");
                }
                String spec = words.get(++i);
                restrictions.add(new AccessCheck(folded, ACCESS_CHECKS.get(folded), open(openTable, spec, origin)));
            } else if (TableRegistry.isSpec(word)) {
                restrictions.add(new AccessCheck("", Optional.empty(), open(openTable, word, origin)));
            } else if (classNames.contains(word)) {
                restrictions.add(new StandardRestrictions.ClassReference(word));
            } else if (UNSUPPORTED.contains(folded)) {
                throw origin.error("restriction \"" + word + "\" is not supported by Jamesfix (in parameter " + parameter
                    + "): it needs DNS, a policy server, TLS client certificates or recipient validation");
            } else {
                throw origin.error("unknown smtpd restriction: \"" + word + "\" (in parameter " + parameter + ")");
            }
        }
        return new RestrictionList(parameter, restrictions);
    }

    /** A restriction list read from an access table value at check time, or the first name that is not a restriction. */
    record ValueList(RestrictionList list, String unknownName) {
    }

    /** Parses an access table value as restriction names and class names (no tables allowed there). */
    ValueList parseValue(String value) {
        List<Restriction> restrictions = new ArrayList<>(2);
        for (String word : SEPARATORS.split(value)) {
            if (word.isEmpty()) {
                continue;
            }
            Restriction simple = SIMPLE.get(word.toLowerCase(Locale.ROOT));
            if (simple != null) {
                restrictions.add(simple);
            } else if (classNames.contains(word)) {
                restrictions.add(new StandardRestrictions.ClassReference(word));
            } else {
                return new ValueList(RestrictionList.EMPTY, word);
            }
        }
        return new ValueList(new RestrictionList(value, restrictions), "");
    }

    private static LookupTable open(Function<String, LookupTable> openTable, String spec, Origin origin) {
        try {
            return openTable.apply(spec);
        } catch (ConfigException e) {
            if (e.getLine() > 0) {
                throw e;
            }
            throw origin.error(e.getProblem());
        }
    }
}
