package org.jamesfix.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Parameters;
import org.jamesfix.log.Printable;
import org.jamesfix.sasl.SaslReply;
import org.jamesfix.sasl.SaslStep;
import org.jamesfix.sasl.SmtpdSasl;

/**
 * SMTP AUTH on a James listener as Postfix does it ({@link SmtpdSasl}): it answers every AUTH
 * command itself, so James's AuthCmdHandler (which accepts AUTH whether announced or not, with
 * its own texts) never runs, and it rewrites James's EHLO reply so that the AUTH lines are
 * Postfix's. Credentials are checked by the listener's James AuthHooks (the users repository),
 * so the user base stays James's.
 *
 * Logs failures as Postfix does ("warning: unknown[IP]: SASL PLAIN authentication failed: ..."),
 * the line fail2ban-style tools look for.
 */
final class SaslPolicy {

    private final SmtpdSasl sasl;
    // Replies to the client's answers to 334 challenges pass no result handler: the session
    // limits see them through this (SmtpdPolicy.afterReply).
    private final BiFunction<ProtocolSession, Response, Response> continuationReplies;
    private List<AuthHook> authHooks = List.of();

    private SaslPolicy(SmtpdSasl sasl, BiFunction<ProtocolSession, Response, Response> continuationReplies) {
        this.sasl = sasl;
        this.continuationReplies = continuationReplies;
    }

    /** The listener's rules; a bad security option fails the listener's start. */
    static SaslPolicy of(Parameters parameters, BiFunction<ProtocolSession, Response, Response> continuationReplies)
            throws ConfigurationException {
        try {
            return new SaslPolicy(SmtpdSasl.from(parameters), continuationReplies);
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /** James wires the listener's AuthHooks here once, at start (before any session). */
    void useAuthHooks(List<AuthHook> hooks) {
        this.authHooks = List.copyOf(hooks);
    }

    /**
     * The reply to an AUTH command; never null, so James's own AUTH handler never runs.
     * {@code client} is Postfix's {@code name[address]} for the log lines.
     */
    Response onAuth(SMTPSession session, String argument, String client) {
        boolean heloSeen = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection).isPresent();
        boolean inTransaction = session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).isPresent();
        SmtpdSasl.Session state = new SmtpdSasl.Session(heloSeen, session.isTLSStarted(), inTransaction, session.getUsername() != null);
        String mechanism = argument == null ? "" : argument.trim().split("[ \t]+")[0];
        return answer(session, mechanism, client, sasl.auth(state, argument));
    }

    /** James's EHLO reply with its AUTH lines replaced by Postfix's; other replies unchanged. */
    Response onResponse(ProtocolSession session, Response response, ProtocolHandler handler) {
        if (!(handler instanceof EhloCmdHandler) || response == null || !"250".equals(response.getRetCode())) {
            return response;
        }
        List<String> lines = new ArrayList<>();
        for (CharSequence line : response.getLines()) {
            String text = line.toString().substring(4);
            String upper = text.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("AUTH ") && !upper.startsWith("AUTH=")) {
                lines.add(text);
            }
        }
        lines.addAll(sasl.ehloLines(session.isTLSStarted()));
        SMTPResponse rewritten = new SMTPResponse(response.getRetCode(), lines.get(0));
        lines.subList(1, lines.size()).forEach(rewritten::appendLine);
        rewritten.setEndSession(response.isEndSession());
        return rewritten;
    }

    private Response answer(SMTPSession session, String mechanism, String client, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            session.pushLineHandler(new ClientResponse(mechanism, client, challenge.next()));
            return response(challenge.reply());
        }
        if (step instanceof SaslStep.Verify verify) {
            return response(verify(session, mechanism, client, verify));
        }
        SaslReply reply = ((SaslStep.Finished) step).reply();
        log(client, mechanism, reply, "(unavailable)");
        return response(reply);
    }

    // The first AuthHook that decides wins, as in James's AuthCmdHandler; none deciding is a failure.
    private SaslReply verify(SMTPSession session, String mechanism, String client, SaslStep.Verify verify) {
        SaslReply reply = SaslReply.failure(SmtpdSasl.AUTHENTICATION_FAILURE);
        Username username = username(verify.username());
        if (username != null) {
            for (AuthHook hook : authHooks) {
                HookResult result = hook.doAuth(session, username, verify.password());
                HookReturnCode.Action action = result.getResult().getAction();
                if (action == HookReturnCode.Action.OK) {
                    if (session.getUsername() == null) {
                        session.setUsername(username);
                        session.setRelayingAllowed(true);
                    }
                    return SaslReply.SUCCESS;
                }
                if (action == HookReturnCode.Action.DENYSOFT) {
                    reply = SaslReply.temporaryFailure("temporary failure");
                    break;
                }
                if (action == HookReturnCode.Action.DENY) {
                    break;
                }
            }
        }
        log(client, mechanism, reply, verify.username());
        return reply;
    }

    private static Username username(String name) {
        try {
            return Username.of(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // The mechanism and user name are the client's text: printable, and at most 100 characters
    // as Postfix's "%.100s" (observed on Postfix 3.7.11: a LF in the user name is logged as '?').
    private static void log(String client, String mechanism, SaslReply reply, String username) {
        String method = logged(mechanism);
        if (reply.equals(SaslReply.ABORTED)) {
            SmtpdPolicy.MAIL_LOG.warn("warning: {}: SASL {} authentication aborted", client, method);
        } else if (reply.code() == 535 || reply.code() == 454) {
            String reason = reply.text().substring(reply.text().lastIndexOf(": ") + 2);
            SmtpdPolicy.MAIL_LOG.warn("warning: {}: SASL {} authentication failed: {}, sasl_username={}", client, method,
                Printable.of(reason), logged(username));
        }
    }

    private static String logged(String clientText) {
        return Printable.of(clientText.length() > 100 ? clientText.substring(0, 100) : clientText);
    }

    private static Response response(SaslReply reply) {
        return new SMTPResponse(String.valueOf(reply.code()), reply.text());
    }

    /** The client's answer to a 334 challenge: the next step of the exchange. */
    private final class ClientResponse implements LineHandler<SMTPSession> {
        private final String mechanism;
        private final String client;
        private final SaslStep.Continuation next;

        ClientResponse(String mechanism, String client, SaslStep.Continuation next) {
            this.mechanism = mechanism;
            this.client = client;
            this.next = next;
        }

        @Override
        public Response onLine(SMTPSession session, byte[] line) {
            session.popLineHandler();
            String text = new String(line, StandardCharsets.UTF_8);
            // Postfix strips only the line ending.
            while (text.endsWith("\n") || text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            return continuationReplies.apply(session, answer(session, mechanism, client, next.respond(text)));
        }
    }
}
