package org.jamesfix.config;

import static org.jamesfix.config.ParameterDefinition.bool;
import static org.jamesfix.config.ParameterDefinition.computed;
import static org.jamesfix.config.ParameterDefinition.integer;
import static org.jamesfix.config.ParameterDefinition.list;
import static org.jamesfix.config.ParameterDefinition.size;
import static org.jamesfix.config.ParameterDefinition.string;
import static org.jamesfix.config.ParameterDefinition.time;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The catalog of parameters we know, with Postfix's defaults as {@code postconf -d} prints them
 * (Postfix 3.7.11). Adding a parameter is one line in {@link #POSTFIX}.
 *
 * We follow compatibility_level 3.6 (what a fresh Postfix install writes in main.cf): Postfix's
 * built-in defaults for mynetworks_style, relay_domains, smtpd_relay_restrictions and
 * append_dot_mydomain are
 * expressions over $compatibility_level, which at that level give the plain values listed here.
 * Immutable; {@link #with} returns an extended copy.
 */
public final class ParameterDefinitions {
    private static final List<ParameterDefinition> POSTFIX = List.of(
        computed("myhostname", ParameterType.STRING, ComputedDefaults::myhostname),
        computed("mydomain", ParameterType.STRING, ComputedDefaults::mydomain),
        string("myorigin", "$myhostname"),
        list("mydestination", "$myhostname, localhost.$mydomain, localhost"),
        string("mynetworks_style", "host"),
        computed("mynetworks", ParameterType.LIST, ComputedDefaults::mynetworks),
        list("relay_domains", ""),
        string("recipient_delimiter", ""),
        string("compatibility_level", "3.6"),
        list("parent_domain_matches_subdomains", "debug_peer_list,fast_flush_domains,mynetworks,"
            + "permit_mx_backup_networks,qmqpd_authorized_clients,relay_domains,smtpd_access_maps"),
        size("message_size_limit", "10240000"),
        // cleanup(8) and bounce(8): Received: headers allowed, original text returned in a bounce.
        integer("hopcount_limit", "50"),
        integer("bounce_size_limit", "50000"),
        string("double_bounce_sender", "double-bounce"),
        time("maximal_queue_lifetime", "5d", 'd'),
        time("delay_warning_time", "0h", 'h'),
        bool("smtpd_delay_reject", "yes"),
        bool("smtpd_helo_required", "no"),
        string("smtpd_tls_security_level", ""),
        bool("smtpd_tls_auth_only", "no"),
        bool("smtpd_sasl_auth_enable", "no"),
        list("smtpd_sasl_security_options", "noanonymous"),
        list("smtpd_sasl_tls_security_options", "$smtpd_sasl_security_options"),
        bool("broken_sasl_auth_clients", "no"),
        // Jamesfix's own: AUTH before MAIL (submission, SMTPS); Postfix has no single switch for it.
        bool("smtpd_sasl_auth_required", "no"),
        list("smtpd_client_restrictions", ""),
        list("smtpd_helo_restrictions", ""),
        list("smtpd_sender_restrictions", ""),
        list("smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination"),
        list("smtpd_recipient_restrictions", ""),
        bool("allow_percent_hack", "yes"),
        bool("swap_bangpath", "yes"),
        bool("resolve_numeric_domain", "no"),
        bool("resolve_dequoted_address", "yes"),
        bool("resolve_null_domain", "no"),
        bool("allow_untrusted_routing", "no"),
        bool("append_at_myorigin", "yes"),
        bool("append_dot_mydomain", "no"),
        string("empty_address_recipient", "MAILER-DAEMON"),
        list("inet_interfaces", "all"),
        list("inet_protocols", "all"),
        list("proxy_interfaces", ""),
        list("virtual_maps", ""),
        list("virtual_alias_maps", "$virtual_maps"),
        list("virtual_alias_domains", "$virtual_alias_maps"),
        list("virtual_mailbox_maps", ""),
        list("virtual_mailbox_domains", "$virtual_mailbox_maps"),
        list("smtpd_data_restrictions", ""),
        list("smtpd_end_of_data_restrictions", ""),
        list("smtpd_restriction_classes", ""),
        list("smtpd_sender_login_maps", ""),
        string("smtpd_null_access_lookup_key", "<>"),
        integer("access_map_reject_code", "554"),
        integer("access_map_defer_code", "450"),
        integer("relay_domains_reject_code", "554"),
        integer("reject_code", "554"),
        integer("defer_code", "450"),
        integer("non_fqdn_reject_code", "504"),
        integer("invalid_hostname_reject_code", "501"),
        integer("unknown_client_reject_code", "450"),
        bool("soft_bounce", "no"),
        // Postfix's default names passwd and aliases, which James does not have: the shipped
        // main.cf sets james:users and james:rrt; empty means "every local user exists".
        list("local_recipient_maps", ""),
        list("relay_recipient_maps", ""),
        bool("smtpd_reject_unlisted_recipient", "yes"),
        integer("unknown_local_recipient_reject_code", "550"),
        integer("unknown_relay_recipient_reject_code", "550"),
        bool("smtpd_peername_lookup", "yes"),
        bool("strict_rfc821_envelopes", "no"),
        // smtpd(8) limits; "stress" is set only by Postfix's master under overload, never here.
        string("stress", ""),
        integer("smtpd_client_connection_count_limit", "50"),
        integer("smtpd_client_connection_rate_limit", "0"),
        integer("smtpd_client_auth_rate_limit", "0"),
        time("anvil_rate_time_unit", "60s", 's'),
        list("smtpd_client_connection_limit_exceptions", ""),
        list("smtpd_client_event_limit_exceptions", "${smtpd_client_connection_limit_exceptions:$mynetworks}"),
        integer("smtpd_recipient_limit", "1000"),
        integer("smtpd_recipient_overshoot_limit", "1000"),
        integer("smtpd_soft_error_limit", "10"),
        integer("smtpd_hard_error_limit", "${stress?{1}:{20}}"),
        time("smtpd_error_sleep_time", "1s", 's'),
        integer("smtpd_junk_command_limit", "${stress?{1}:{100}}"),
        time("smtpd_timeout", "${stress?{10}:{300}}s", 's'));

    private static final ParameterDefinitions STANDARD = new ParameterDefinitions(POSTFIX);

    private final Map<String, ParameterDefinition> byName;

    private ParameterDefinitions(Collection<ParameterDefinition> definitions) {
        TreeMap<String, ParameterDefinition> map = new TreeMap<>();
        for (ParameterDefinition definition : definitions) {
            map.put(definition.name(), definition);
        }
        this.byName = java.util.Collections.unmodifiableSortedMap(map);
    }

    /** The parameters Jamesfix supports, with Postfix's defaults. */
    public static ParameterDefinitions postfix() {
        return STANDARD;
    }

    /** This catalog plus more definitions (a later one replaces one of the same name). */
    public ParameterDefinitions with(ParameterDefinition... more) {
        List<ParameterDefinition> all = new java.util.ArrayList<>(byName.values());
        all.addAll(List.of(more));
        return new ParameterDefinitions(all);
    }

    /** The definition of a parameter, if we know it. */
    public Optional<ParameterDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean isKnown(String name) {
        return byName.containsKey(name);
    }

    /** All definitions, sorted by name. */
    public Collection<ParameterDefinition> all() {
        return byName.values();
    }
}
