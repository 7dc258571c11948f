package org.jamesfix.smtp;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;

/**
 * James's 220 greeting, or instead the refusal {@link SmtpdPolicy} decided at connect
 * (smtpd_client_restrictions with smtpd_delay_reject = no), as Postfix sends it in place of the
 * greeting. Listed by {@link JamesfixCoreHandlers} in place of James's own greeting handler.
 *
 * When that decision waits for the client name and the launcher's SMTP server is there, nothing
 * is written now: the session attachment {@value SmtpdPolicy#DEFERRED_GREETING_NAME} (a
 * {@code CompletableFuture<Supplier<Response>>}) completes when the name is known, and the server
 * calls the supplier on the connection's event loop and writes what it gives.
 */
public class JamesfixGreeting extends JamesWelcomeMessageHandler {
    @SuppressWarnings("rawtypes")
    private static final ProtocolSession.AttachmentKey<CompletableFuture> DEFERRED_GREETING =
        ProtocolSession.AttachmentKey.of(SmtpdPolicy.DEFERRED_GREETING_NAME, CompletableFuture.class);

    @Override
    public Response onConnect(SMTPSession session) {
        Optional<CompletableFuture<String>> pending = SmtpdPolicy.pendingConnect(session);
        if (pending.isPresent()) {
            CompletableFuture<Supplier<Response>> greeting = pending.get().handle((name, error) -> () -> greeting(session));
            session.setAttachment(DEFERRED_GREETING, greeting, ProtocolSession.State.Connection);
            return null;
        }
        return SmtpdPolicy.greetingRefusal(session).orElseGet(() -> super.onConnect(session));
    }

    private Response greeting(SMTPSession session) {
        return SmtpdPolicy.finishConnect(session).orElseGet(() -> super.onConnect(session));
    }
}
