package org.jamesfix.sasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jamesfix.config.Parameters;

/**
 * Postfix's SMTP AUTH rules for one listener, from its parameters: whether AUTH is offered
 * (smtpd_sasl_auth_enable; before TLS only when smtpd_tls_auth_only = no and TLS is not
 * required), with which mechanisms (smtpd_sasl_security_options before TLS,
 * smtpd_sasl_tls_security_options after), how EHLO announces them (broken_sasl_auth_clients adds
 * the pre-RFC "AUTH=" line), and Postfix 3.7's replies to every AUTH command. Immutable.
 *
 * Errors: an unknown security option word, or options that leave no mechanism where AUTH is
 * offered, fail {@link #from} with the parameter's origin. Postfix's smtpd would instead stop at
 * each connection ("fatal: no SASL authentication mechanisms"), so the port is unusable either way.
 */
public final class SmtpdSasl {
    /** The SASL backend's reason for a wrong user name or password (Cyrus SASL's wording). */
    public static final String AUTHENTICATION_FAILURE = "authentication failure";

    private static final String NO_MECHANISM = "no mechanism available";
    private static final SaslReply SEND_HELO_FIRST = new SaslReply(503, "5.5.1 Error: send HELO/EHLO first");
    private static final SaslReply NOT_ENABLED = new SaslReply(503, "5.5.1 Error: authentication not enabled");
    private static final SaslReply IN_TRANSACTION = new SaslReply(503, "5.5.1 Error: MAIL transaction in progress");
    private static final SaslReply ALREADY_AUTHENTICATED = new SaslReply(503, "5.5.1 Error: already authenticated");
    private static final SaslReply SYNTAX = new SaslReply(501, "5.5.4 Syntax: AUTH mechanism");

    private final boolean heloRequired;
    private final boolean brokenClients;
    private final List<SaslMechanism> beforeTls;
    private final List<SaslMechanism> afterTls;

    private SmtpdSasl(boolean heloRequired, boolean brokenClients, List<SaslMechanism> beforeTls, List<SaslMechanism> afterTls) {
        this.heloRequired = heloRequired;
        this.brokenClients = brokenClients;
        this.beforeTls = List.copyOf(beforeTls);
        this.afterTls = List.copyOf(afterTls);
    }

    /** What a session knows when AUTH arrives. */
    public record Session(boolean heloSeen, boolean tls, boolean inTransaction, boolean authenticated) {
    }

    /**
     * The listener's rules.
     *
     * @throws org.jamesfix.config.ConfigException for an unknown security option, or options
     *     that leave no mechanism where AUTH is offered
     */
    public static SmtpdSasl from(Parameters parameters) {
        boolean enabled = parameters.getBoolean("smtpd_sasl_auth_enable");
        // As in Postfix, requiring TLS implies AUTH only over TLS.
        boolean tlsOnly = parameters.getBoolean("smtpd_tls_auth_only")
            || "encrypt".equals(parameters.get("smtpd_tls_security_level"));
        List<SaslMechanism> beforeTls = mechanisms(parameters, "smtpd_sasl_security_options", enabled && !tlsOnly);
        List<SaslMechanism> afterTls = mechanisms(parameters, "smtpd_sasl_tls_security_options", enabled);
        return new SmtpdSasl(parameters.getBoolean("smtpd_helo_required"), parameters.getBoolean("broken_sasl_auth_clients"),
            enabled && !tlsOnly ? beforeTls : List.of(), enabled ? afterTls : List.of());
    }

    private static List<SaslMechanism> mechanisms(Parameters parameters, String name, boolean offered) {
        Set<SaslSecurityOption> options = SaslSecurityOption.parse(name, parameters.getList(name), parameters.origin(name));
        List<SaslMechanism> mechanisms = new ArrayList<>();
        for (SaslMechanism mechanism : SaslMechanism.values()) {
            if (mechanism.allowedBy(options)) {
                mechanisms.add(mechanism);
            }
        }
        if (offered && mechanisms.isEmpty()) {
            throw parameters.origin(name).error(name + " = " + parameters.get(name) + " leaves no SASL mechanism:"
                + " James verifies only PLAIN and LOGIN, which send the password itself (Postfix's smtpd would stop"
                + " with \"fatal: no SASL authentication mechanisms\")");
        }
        return mechanisms;
    }

    /** The mechanisms AUTH offers now; empty when AUTH is not available. */
    public List<SaslMechanism> mechanisms(boolean tls) {
        return tls ? afterTls : beforeTls;
    }

    /** The EHLO lines announcing AUTH now, e.g. {@code AUTH PLAIN LOGIN}; none when not available. */
    public List<String> ehloLines(boolean tls) {
        List<SaslMechanism> mechanisms = mechanisms(tls);
        if (mechanisms.isEmpty()) {
            return List.of();
        }
        String names = mechanisms.stream().map(Enum::name).collect(Collectors.joining(" "));
        return brokenClients ? List.of("AUTH " + names, "AUTH=" + names) : List.of("AUTH " + names);
    }

    /**
     * The answer to "AUTH argument" (argument null when the command had none), checked in
     * Postfix's order: HELO first if required, AUTH available, no mail transaction, not yet
     * authenticated, syntax, mechanism offered.
     */
    public SaslStep auth(Session session, String argument) {
        List<SaslMechanism> offered = mechanisms(session.tls());
        if (heloRequired && !session.heloSeen()) {
            return new SaslStep.Finished(SEND_HELO_FIRST);
        }
        if (offered.isEmpty()) {
            return new SaslStep.Finished(NOT_ENABLED);
        }
        if (session.inTransaction()) {
            return new SaslStep.Finished(IN_TRANSACTION);
        }
        if (session.authenticated()) {
            return new SaslStep.Finished(ALREADY_AUTHENTICATED);
        }
        String[] words = argument == null ? new String[0] : argument.trim().split("[ \t]+");
        if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
            return new SaslStep.Finished(SYNTAX);
        }
        Optional<SaslMechanism> mechanism = SaslMechanism.named(words[0]).filter(offered::contains);
        if (mechanism.isEmpty()) {
            return new SaslStep.Finished(SaslReply.failure(NO_MECHANISM));
        }
        return SaslExchange.start(mechanism.get(), words.length == 2 ? Optional.of(words[1]) : Optional.empty());
    }
}
