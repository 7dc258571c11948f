package org.jamesfix.restriction;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jamesfix.address.AddressResolver;
import org.jamesfix.address.KeyStrategy;
import org.jamesfix.address.LocalDomains;
import org.jamesfix.address.ParentDomainStyle;
import org.jamesfix.address.RecipientDelimiter;
import org.jamesfix.config.Parameters;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableList;

/**
 * Postfix's SMTP server restrictions (smtpd_client/helo/sender/relay/recipient/data/
 * end_of_data_restrictions, smtpd_restriction_classes), parsed once from the policy and then
 * applied per SMTP stage: {@link #check(Stage, SessionFacts)} returns a {@link Decision} with the
 * reply Postfix 3.7 would send. Immutable and thread-safe; a check allocates one small state
 * object (plus lists only when something is logged or an action is found).
 *
 * Semantics: the first non-DUNNO result ends a list, a permit ends that list only; with
 * smtpd_delay_reject = yes the client, helo and sender lists run at each RCPT (before the relay
 * and then the recipient list) and earlier stages always pass; with = no each runs at its own
 * stage. defer_if_permit, defer_if_reject and warn_if_reject behave as in Postfix. A bare
 * {@code RCPT TO:<postmaster>} is never restricted (RFC 5321, as Postfix).
 *
 * Errors at load ({@link org.jamesfix.config.ConfigException} with file and line): an unknown
 * restriction, an unsupported (DNS-based) one, a bad table argument, a restriction class without
 * definition, and no relay control at all (Postfix's fatal error text). At check time a table
 * that fails or a bad table value gives a 4xx reply, never a silent pass.
 *
 * After the RCPT lists pass, smtpd_reject_unlisted_recipient checks local_recipient_maps /
 * relay_recipient_maps ({@link UnlistedRecipients}).
 *
 * Limits: no DNS-based restrictions but reject_unknown_client_hostname (the adapter supplies the
 * verified client name), no policy service, no reject_unlisted_sender /
 * smtpd_reject_unlisted_sender, no smtpd_log_access_permit_actions;
 * a DISCARD does not silence later stages of the session (the adapter remembers it).
 */
public final class SmtpdRestrictions {
    private static final List<String> RELAY_GUARDS = List.of(
        "reject_unauth_destination", "defer_unauth_destination", "reject", "defer", "defer_if_permit", "check_relay_domains");
    private static final String RELAY_LISTS = "smtpd_relay_restrictions or smtpd_recipient_restrictions";

    private final RestrictionSettings settings;
    private final boolean delayReject;
    private final RestrictionList client;
    private final RestrictionList helo;
    private final RestrictionList sender;
    private final RestrictionList relay;
    private final RestrictionList recipient;
    private final RestrictionList data;
    private final RestrictionList endOfData;
    private final boolean rejectUnlistedRecipient;

    private final RcptResolution resolution;

    private SmtpdRestrictions(Parameters parameters, Policy policy, AddressResolver policyResolver) {
        this.resolution = new RcptResolution(policyResolver);
        AddressResolver resolver = resolution;
        List<String> classNames = parameters.getList("smtpd_restriction_classes");
        RestrictionRegistry registry = new RestrictionRegistry(Set.copyOf(classNames));
        Function<String, LookupTable> open = spec -> policy.tables().open(spec);
        Map<String, RestrictionList> classes = new HashMap<>();
        for (String name : classNames) {
            Optional<String> value = parameters.find(name);
            if (value.isEmpty() || value.get().isBlank()) {
                throw parameters.error("smtpd_restriction_classes", "restriction class `" + name + "' needs a definition");
            }
            classes.put(name, registry.parse(name, parameters.getList(name), parameters.origin(name), open));
        }
        this.client = list(parameters, registry, "smtpd_client_restrictions", open);
        this.helo = list(parameters, registry, "smtpd_helo_restrictions", open);
        this.sender = list(parameters, registry, "smtpd_sender_restrictions", open);
        this.relay = list(parameters, registry, "smtpd_relay_restrictions", open);
        this.recipient = list(parameters, registry, "smtpd_recipient_restrictions", open);
        this.data = list(parameters, registry, "smtpd_data_restrictions", open);
        this.endOfData = list(parameters, registry, "smtpd_end_of_data_restrictions", open);
        if (!hasRelayGuard(parameters, "smtpd_recipient_restrictions") && !hasRelayGuard(parameters, "smtpd_relay_restrictions")) {
            String origin = parameters.isSet("smtpd_relay_restrictions") || !parameters.isSet("smtpd_recipient_restrictions")
                ? "smtpd_relay_restrictions" : "smtpd_recipient_restrictions";
            throw parameters.error(origin, "in parameter " + RELAY_LISTS + ", specify at least one working instance of: "
                + "reject_unauth_destination, defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains");
        }
        this.delayReject = parameters.getBoolean("smtpd_delay_reject");
        ParentDomainStyle parents = ParentDomainStyle.forFeature("smtpd_access_maps", parameters.getList("parent_domain_matches_subdomains"));
        String nullKey = parameters.get("smtpd_null_access_lookup_key");
        KeyStrategy addressStrategy = KeyStrategy.ACCESS_SENDER.withParents(parents).withNullAddressKey(nullKey);
        List<LookupTable> loginMaps = parameters.getList("smtpd_sender_login_maps").stream().map(open).toList();
        LocalDomains localDomains = domain -> localDomain(policyResolver.resolve("postmaster@" + domain));
        this.settings = new RestrictionSettings(policy.mynetworks(), resolver,
            new Destinations(resolver, parameters.getBoolean("allow_untrusted_routing")),
            parameters.getBoolean("smtpd_sasl_auth_enable"), parameters.getBoolean("soft_bounce"),
            parameters.getInt("access_map_reject_code"), parameters.getInt("access_map_defer_code"),
            parameters.getInt("relay_domains_reject_code"), parameters.getInt("reject_code"), parameters.getInt("defer_code"),
            parameters.getInt("non_fqdn_reject_code"), parameters.getInt("invalid_hostname_reject_code"),
            parameters.getInt("unknown_client_reject_code"),
            parents, addressStrategy, addressStrategy, RecipientDelimiter.of(parameters.get("recipient_delimiter")),
            localDomains, new TableList(loginMaps), new UnlistedRecipients(parameters, open, localDomains),
            Map.copyOf(classes), registry);
        this.rejectUnlistedRecipient = parameters.getBoolean("smtpd_reject_unlisted_recipient");
    }

    // Whether a domain is local, asked of the resolver as postmaster@domain; a failed lookup fails.
    private static LocalDomains.Answer localDomain(AddressResolver.Resolution resolution) {
        if (resolution instanceof AddressResolver.Failed) {
            return LocalDomains.Answer.FAILED;
        }
        return resolution.isLocal() ? LocalDomains.Answer.LOCAL : LocalDomains.Answer.NOT_LOCAL;
    }

    /** The engine for a policy, with the policy's own address resolver. */
    public static SmtpdRestrictions load(Policy policy) {
        return load(policy, policy.addressResolver());
    }

    /** Parses the policy's restriction lists; throws ConfigException (file, line) on any problem. */
    public static SmtpdRestrictions load(Policy policy, AddressResolver resolver) {
        return new SmtpdRestrictions(policy.parameters(), policy, resolver);
    }

    /** True when client, helo and sender restrictions wait for RCPT (smtpd_delay_reject). */
    public boolean delaysReject() {
        return delayReject;
    }

    /** True when Postfix refuses this MAIL/RCPT address as "501 5.1.x Bad ... address syntax". */
    public boolean isAddressSyntaxError(String recipient) {
        return resolution.fresh(recipient) instanceof AddressResolver.SyntaxError && recipient.indexOf('@') >= 0;
    }

    /** Applies the restrictions that belong to {@code stage} to the session's facts. */
    public Decision check(Stage stage, SessionFacts facts) {
        Evaluation evaluation = new Evaluation(settings, facts, stage);
        Restriction.Status status = switch (stage) {
            case CONNECT -> delayReject ? Restriction.Status.DUNNO : runClient(evaluation);
            case HELO, EHLO -> delayReject ? Restriction.Status.DUNNO : runWithPending(evaluation, facts, () -> runHelo(evaluation));
            case MAIL -> delayReject ? Restriction.Status.DUNNO : runWithPending(evaluation, facts, () -> runSender(evaluation));
            case RCPT -> checkRecipient(evaluation, facts);
            case DATA -> finalStage(evaluation, evaluation.runList(data, ListKind.DATA, "DATA"));
            case END_OF_DATA -> finalStage(evaluation, evaluation.runList(endOfData, ListKind.END_OF_DATA, "END-OF-MESSAGE"));
        };
        boolean earlyStage = stage == Stage.CONNECT || stage == Stage.HELO || stage == Stage.EHLO || stage == Stage.MAIL;
        return decision(evaluation, status, earlyStage);
    }

    /** The decision a finished evaluation makes; {@code passPending} hands a defer_if_permit to later stages. */
    private static Decision decision(Evaluation evaluation, Restriction.Status status, boolean passPending) {
        Decision.Outcome outcome = status == Restriction.Status.REJECT ? Decision.Outcome.REJECT
            : status == Restriction.Status.OK ? Decision.Outcome.PERMIT : Decision.Outcome.DUNNO;
        Optional<Reply> reply = outcome == Decision.Outcome.REJECT ? evaluation.reply() : Optional.empty();
        return new Decision(outcome, reply, evaluation.actions(), evaluation.logs(),
            passPending && outcome != Decision.Outcome.REJECT ? evaluation.pendingDeferIfPermit() : Optional.empty());
    }

    /**
     * check_sender_access {@code table} alone, as if it were the only restriction of
     * smtpd_sender_restrictions, about {@code facts.sender()} (with this policy's reply codes,
     * parent-domain matching, smtpd_null_access_lookup_key and restriction classes for table
     * values). A pending DEFER_IF_PERMIT becomes the reply, as at the end of a stage. For callers
     * outside SMTP (the access matchers); the facts must hold a sender (the null sender is "").
     */
    public Decision checkSenderAccess(LookupTable table, SessionFacts facts) {
        return checkAccess(ListKind.SENDER, table, facts, facts.sender().orElse(""));
    }

    /** check_recipient_access {@code table} alone about {@code facts.recipient()}: as {@link #checkSenderAccess}. */
    public Decision checkRecipientAccess(LookupTable table, SessionFacts facts) {
        return checkAccess(ListKind.RECIPIENT, table, facts, facts.recipient().orElse(""));
    }

    private Decision checkAccess(ListKind kind, LookupTable table, SessionFacts facts, String subject) {
        Evaluation evaluation = new Evaluation(settings, facts, Stage.RCPT);
        RestrictionList list = new RestrictionList(kind.defaultAccessCheck(),
            List.of(new AccessCheck(kind.defaultAccessCheck(), Optional.of(kind), table)));
        Restriction.Status status = finalStage(evaluation, evaluation.runList(list, kind, subject));
        return decision(evaluation, status, false);
    }

    /** The RCPT stage: delayed lists, relay then recipient restrictions, then any pending defer_if_permit. */
    private Restriction.Status checkRecipient(Evaluation evaluation, SessionFacts facts) {
        String address = facts.recipient().orElse("");
        if (address.equalsIgnoreCase("postmaster")) {
            return Restriction.Status.DUNNO;
        }
        if (delayReject) {
            if (runClient(evaluation) == Restriction.Status.REJECT || runHelo(evaluation) == Restriction.Status.REJECT
                    || runSender(evaluation) == Restriction.Status.REJECT) {
                return Restriction.Status.REJECT;
            }
        } else {
            evaluation.setPendingDeferIfPermit(facts.pendingDefer());
        }
        Restriction.Status status = evaluation.runList(relay, ListKind.RECIPIENT, address);
        if (status != Restriction.Status.REJECT) {
            // One reset for both lists, as Postfix: a defer_if_reject in the relay list still counts.
            status = evaluation.continueWith(recipient, ListKind.RECIPIENT, address);
        }
        status = finalStage(evaluation, status);
        if (status != Restriction.Status.REJECT && rejectUnlistedRecipient
                && settings.unlistedRecipients().check(evaluation, address) == Restriction.Status.REJECT) {
            return Restriction.Status.REJECT;
        }
        return status;
    }

    /** A permit or DUNNO becomes the pending defer_if_permit reply, if any. */
    private static Restriction.Status finalStage(Evaluation evaluation, Restriction.Status status) {
        if (status != Restriction.Status.REJECT && evaluation.pendingDeferIfPermit().isPresent()) {
            return evaluation.applyDeferIfPermit();
        }
        return status;
    }

    private Restriction.Status runClient(Evaluation evaluation) {
        return evaluation.runList(client, ListKind.CLIENT, evaluation.facts.nameAndAddress());
    }

    private Restriction.Status runHelo(Evaluation evaluation) {
        String name = evaluation.facts.heloName();
        return name.isEmpty() ? Restriction.Status.DUNNO : evaluation.runList(helo, ListKind.HELO, name);
    }

    private Restriction.Status runSender(Evaluation evaluation) {
        Optional<String> address = evaluation.facts.sender();
        return address.isEmpty() ? Restriction.Status.DUNNO : evaluation.runList(sender, ListKind.SENDER, address.get());
    }

    private static Restriction.Status runWithPending(Evaluation evaluation, SessionFacts facts,
            java.util.function.Supplier<Restriction.Status> run) {
        evaluation.setPendingDeferIfPermit(facts.pendingDefer());
        return run.get();
    }

    /**
     * Postfix's log line for a restriction event, e.g. {@code NOQUEUE: reject: RCPT from
     * unknown[192.0.2.1]: 554 5.7.1 <x@foreign.example>: Relay access denied; from=<a@b.example>
     * to=<x@foreign.example> proto=ESMTP helo=<client.example>}. Postfix 3.7.11 adds no SASL fields
     * to these lines (observed with an XCLIENT login).
     *
     * @param queueId the queue id, or "NOQUEUE" before the message has one
     * @param action reject, reject_warning, warn, info, hold, discard, filter, redirect, bcc
     */
    public static String logLine(String queueId, Stage stage, SessionFacts facts, String action, String text) {
        StringBuilder line = new StringBuilder(160);
        line.append(queueId).append(": ").append(action).append(": ").append(stage.logName()).append(" from ")
            .append(facts.nameAndAddress()).append(": ").append(text).append(';');
        facts.sender().ifPresent(address -> line.append(" from=<").append(address).append('>'));
        boolean showRecipient = stage != Stage.DATA && stage != Stage.END_OF_DATA || facts.recipientCount() <= 1;
        if (showRecipient) {
            facts.recipient().ifPresent(address -> line.append(" to=<").append(address).append('>'));
        }
        line.append(" proto=").append(facts.protocol());
        if (!facts.heloName().isEmpty()) {
            line.append(" helo=<").append(facts.heloName()).append('>');
        }
        return line.toString();
    }

    /** {@link #logLine(String, Stage, SessionFacts, String, String)} before a queue id exists. */
    static String logLine(Stage stage, SessionFacts facts, String action, String text) {
        return logLine("NOQUEUE", stage, facts, action, text);
    }

    private static RestrictionList list(Parameters parameters, RestrictionRegistry registry, String name,
            Function<String, LookupTable> open) {
        return registry.parse(name, parameters.getList(name), parameters.origin(name), open);
    }

    private static boolean hasRelayGuard(Parameters parameters, String name) {
        for (String word : parameters.getList(name)) {
            if (RELAY_GUARDS.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
