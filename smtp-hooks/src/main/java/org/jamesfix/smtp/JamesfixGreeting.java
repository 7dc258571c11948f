package org.jamesfix.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;

/**
 * James's 220 greeting, or instead the refusal {@link SmtpdPolicy} decided at connect
 * (smtpd_client_restrictions with smtpd_delay_reject = no), as Postfix sends it in place of the
 * greeting. Listed by {@link JamesfixCoreHandlers} in place of James's own greeting handler.
 */
public class JamesfixGreeting extends JamesWelcomeMessageHandler {
    @Override
    public Response onConnect(SMTPSession session) {
        return SmtpdPolicy.greetingRefusal(session).orElseGet(() -> super.onConnect(session));
    }
}
