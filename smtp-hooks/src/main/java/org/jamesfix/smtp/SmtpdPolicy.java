package org.jamesfix.smtp;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.jamesfix.config.Parameters;
import org.jamesfix.policy.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's smtpd(8) policy for one James SMTP listener: one {@code <handler>} per
 * {@code <smtpserver>}, listed before James's own handlers, whose {@code <param>} children
 * override main.cf for that port as master.cf's "-o name=value" does.
 *
 * Before James's command handlers run, it applies the TLS rules: with
 * {@code smtpd_tls_security_level = encrypt} every mail command before STARTTLS gets
 * "530 5.7.0 Must issue a STARTTLS command first"; with {@code smtpd_tls_auth_only = yes} AUTH
 * before STARTTLS gets "503 5.5.1 Error: authentication not enabled" (Postfix 3.7's replies).
 * James's AUTH handler accepts credentials whether or not AUTH was announced, so this is what
 * keeps passwords off plaintext connections.
 *
 * At MAIL FROM it enforces {@code smtpd_sasl_auth_required} (Jamesfix's own parameter) with
 * RFC 4954's "530 5.7.0 Authentication required". Otherwise it answers null / DECLINED so James's
 * handlers, its relay check included, still run: nothing here ever accepts on James's behalf.
 */
public class SmtpdPolicy implements CommandHandler<SMTPSession>, MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpdPolicy.class);
    private static final List<String> GUARDED_COMMANDS = List.of("AUTH", "MAIL", "RCPT", "DATA", "BDAT",
        "RSET", "VRFY", "EXPN", "ETRN");
    private static final Response STARTTLS_FIRST = new SMTPResponse("530", "5.7.0 Must issue a STARTTLS command first");
    private static final Response AUTH_NOT_ENABLED = new SMTPResponse("503", "5.5.1 Error: authentication not enabled");
    private static final HookResult AUTH_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("530")
        .smtpDescription("5.7.0 Authentication required")
        .build();

    private final Policy policy;
    private boolean encryptionRequired;
    private boolean authOnlyOverTls;
    private boolean authRequired;

    @Inject
    public SmtpdPolicy(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Parameters parameters = ListenerPolicy.of(policy, config, getClass()).parameters();
        encryptionRequired = "encrypt".equals(parameters.get("smtpd_tls_security_level"));
        authOnlyOverTls = parameters.getBoolean("smtpd_tls_auth_only");
        authRequired = parameters.getBoolean("smtpd_sasl_auth_required");
        LOGGER.info("Jamesfix smtpd policy: myhostname = {}, smtpd_tls_security_level = {}, smtpd_tls_auth_only = {},"
                + " smtpd_sasl_auth_required = {}", parameters.get("myhostname"), parameters.get("smtpd_tls_security_level"),
            parameters.rawValue("smtpd_tls_auth_only"), parameters.rawValue("smtpd_sasl_auth_required"));
    }

    /** The TLS rules; null lets James's own handler answer. */
    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.isTLSStarted()) {
            return null;
        }
        if (encryptionRequired) {
            return STARTTLS_FIRST;
        }
        if (authOnlyOverTls && "AUTH".equalsIgnoreCase(request.getCommand())) {
            return AUTH_NOT_ENABLED;
        }
        return null;
    }

    @Override
    public Collection<String> getImplCommands() {
        return GUARDED_COMMANDS;
    }

    /** MAIL FROM: AUTH first where the listener demands it. */
    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (authRequired && session.getUsername() == null) {
            return AUTH_REQUIRED;
        }
        return HookResult.DECLINED;
    }
}
