package org.jamesfix.smtp;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.jamesfix.config.Parameters;
import org.jamesfix.policy.Policy;

/**
 * Postfix's TLS rules for a listener, answered before James's own command handlers run:
 * with {@code smtpd_tls_security_level = encrypt} every mail command before STARTTLS gets
 * "530 5.7.0 Must issue a STARTTLS command first"; with {@code smtpd_tls_auth_only = yes}
 * AUTH before STARTTLS gets "503 5.5.1 Error: authentication not enabled".
 *
 * James's AUTH handler accepts credentials whether or not AUTH was announced, so this guard is
 * what keeps passwords off plaintext connections. Returning null lets James handle the command.
 */
public class SmtpdTlsGuard implements CommandHandler<SMTPSession> {
    private static final List<String> MAIL_COMMANDS = List.of("AUTH", "MAIL", "RCPT", "DATA", "BDAT",
        "RSET", "VRFY", "EXPN", "ETRN");

    private final Policy policy;
    private boolean encryptionRequired;
    private boolean authOnlyOverTls;

    @Inject
    public SmtpdTlsGuard(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Parameters parameters = ListenerPolicy.of(policy, config, getClass()).parameters();
        encryptionRequired = "encrypt".equals(parameters.get("smtpd_tls_security_level"));
        authOnlyOverTls = parameters.getBoolean("smtpd_tls_auth_only");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.isTLSStarted()) {
            return null;
        }
        if (encryptionRequired) {
            return new SMTPResponse("530", "5.7.0 Must issue a STARTTLS command first");
        }
        if (authOnlyOverTls && "AUTH".equalsIgnoreCase(request.getCommand())) {
            return new SMTPResponse("503", "5.5.1 Error: authentication not enabled");
        }
        return null;
    }

    @Override
    public Collection<String> getImplCommands() {
        return MAIL_COMMANDS;
    }
}
