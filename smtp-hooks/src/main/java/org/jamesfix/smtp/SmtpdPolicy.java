package org.jamesfix.smtp;

import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ExtensibleHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Parameters;
import org.jamesfix.policy.Policy;
import org.jamesfix.restriction.AcceptAction;
import org.jamesfix.restriction.Decision;
import org.jamesfix.restriction.Reply;
import org.jamesfix.restriction.SessionFacts;
import org.jamesfix.restriction.SmtpdRestrictions;
import org.jamesfix.restriction.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's smtpd(8) policy for one James SMTP listener: one {@code <handler>} per
 * {@code <smtpserver>}, listed before James's own handlers, whose {@code <param>} children
 * override main.cf for that port as master.cf's "-o name=value" does.
 *
 * Before James's command handlers run, it applies the TLS rules: with
 * {@code smtpd_tls_security_level = encrypt} every mail command before STARTTLS gets
 * "530 5.7.0 Must issue a STARTTLS command first" (Postfix 3.7's reply). AUTH and the EHLO
 * lines announcing it are {@link SaslPolicy}'s (smtpd_sasl_* parameters, Postfix's replies).
 *
 * At RCPT TO it runs main.cf's smtpd restriction lists (org.jamesfix.restriction).
 * At MAIL FROM it enforces {@code smtpd_sasl_auth_required} (Jamesfix's own parameter) with
 * RFC 4954's "530 5.7.0 Authentication required". Otherwise it answers null / DECLINED so James's
 * handlers, its relay check included, still run: nothing here ever accepts on James's behalf.
 */
public class SmtpdPolicy implements CommandHandler<SMTPSession>, MailHook, RcptHook, JamesMessageHook,
        ProtocolHandlerResultHandler<Response, SMTPSession>, ExtensibleHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpdPolicy.class);
    // Postfix's name for a client without a forward-confirmed reverse name; Jamesfix does no
    // reverse lookups yet, so every client is "unknown" (access keys on host names never match).
    private static final String UNKNOWN_CLIENT = "unknown";
    private static final ProtocolSession.AttachmentKey<CarriedActions> ACTIONS =
        ProtocolSession.AttachmentKey.of("jamesfix.actions", CarriedActions.class);
    private static final List<String> GUARDED_COMMANDS = List.of("AUTH", "MAIL", "RCPT", "DATA", "BDAT",
        "RSET", "VRFY", "EXPN", "ETRN");
    private static final Response STARTTLS_FIRST = new SMTPResponse("530", "5.7.0 Must issue a STARTTLS command first");
    private static final HookResult AUTH_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("530")
        .smtpDescription("5.7.0 Authentication required")
        .build();

    private final Policy policy;
    private SmtpdRestrictions restrictions;
    private boolean encryptionRequired;
    private SaslPolicy sasl;
    private boolean authRequired;

    @Inject
    public SmtpdPolicy(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Policy listenerPolicy = ListenerPolicy.of(policy, config, getClass());
        Parameters parameters = listenerPolicy.parameters();
        restrictions = loadRestrictions(listenerPolicy);
        encryptionRequired = "encrypt".equals(parameters.get("smtpd_tls_security_level"));
        sasl = SaslPolicy.of(parameters);
        authRequired = parameters.getBoolean("smtpd_sasl_auth_required");
        LOGGER.info("Jamesfix smtpd policy: myhostname = {}, smtpd_tls_security_level = {}, smtpd_tls_auth_only = {},"
                + " smtpd_sasl_auth_required = {}", parameters.get("myhostname"), parameters.get("smtpd_tls_security_level"),
            parameters.rawValue("smtpd_tls_auth_only"), parameters.rawValue("smtpd_sasl_auth_required"));
    }

    /** The TLS rules, then AUTH (always answered here); null lets James's own handler answer. */
    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (encryptionRequired && !session.isTLSStarted()) {
            return STARTTLS_FIRST;
        }
        if ("AUTH".equalsIgnoreCase(request.getCommand())) {
            return sasl.onAuth(session, request.getArgument());
        }
        return null;
    }

    /** EHLO: the AUTH lines are Postfix's (SaslPolicy). */
    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        return sasl.onResponse(session, response, handler);
    }

    /** The listener's AuthHooks check AUTH credentials. */
    @Override
    public List<Class<?>> getMarkerInterfaces() {
        return List.of(AuthHook.class);
    }

    @Override
    public void wireExtensions(Class<?> interfaceName, List<?> extension) {
        sasl.useAuthHooks(extension.stream().map(AuthHook.class::cast).collect(Collectors.toList()));
    }

    @Override
    public Collection<String> getImplCommands() {
        return GUARDED_COMMANDS;
    }

    /**
     * RCPT TO: the smtpd restriction lists (client, helo and sender ones too, with
     * smtpd_delay_reject = yes). A reject answers with Postfix's code and text and logs Postfix's
     * "NOQUEUE: reject: RCPT from ..." line; anything else is DECLINED, so James's own recipient
     * checks (unknown local users, its relay check) still run after ours.
     */
    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        SessionFacts facts = SessionFacts.connect(session.getRemoteAddress().getAddress().getHostAddress(), UNKNOWN_CLIENT);
        Optional<String> helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection);
        if (helo.isPresent()) {
            facts = facts.withHeloName(helo.get())
                .withProtocol("EHLO".equals(session.getAttachment(SMTPSession.CURRENT_HELO_MODE, ProtocolSession.State.Connection).orElse("")));
        }
        if (session.getUsername() != null) {
            facts = facts.withSasl(session.getUsername().asString());
        }
        if (session.isTLSStarted()) {
            facts = facts.withTls();
        }
        facts = facts.withSender(sender.asOptional().map(MailAddress::asString).orElse(""))
            .withRecipient(recipient.asString());
        Decision decision = restrictions.check(Stage.RCPT, facts);
        decision.logLines().forEach(line -> LOGGER.info("{}", line));
        if (!decision.isRejected() || decision.reply().isEmpty()) {
            carry(session, decision.actions());
            return HookResult.DECLINED;
        }
        Reply reply = decision.reply().get();
        return HookResult.builder()
            .hookReturnCode(reply.isTemporary() ? HookReturnCode.denySoft() : HookReturnCode.deny())
            .smtpReturnCode(String.valueOf(reply.code()))
            .smtpDescription(reply.enhancedCode() + " " + reply.text())
            .build();
    }

    /** End of DATA: hands the transaction's accepting actions to the mail pipeline (ApplySmtpActions). */
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Optional<CarriedActions> carried = session.getAttachment(ACTIONS, ProtocolSession.State.Transaction);
        if (carried.isPresent()) {
            List<AttributeValue<?>> texts = carried.get().actions().stream()
                .map(action -> AttributeValue.of(action.asText())).collect(Collectors.toList());
            mail.setAttribute(new Attribute(AttributeName.of(AcceptAction.MAIL_ATTRIBUTE), AttributeValue.of(texts)));
        }
        return HookResult.DECLINED;
    }

    // Accepting actions of this transaction's recipients, in the order they fired.
    private static void carry(SMTPSession session, List<AcceptAction> actions) {
        if (actions.isEmpty()) {
            return;
        }
        List<AcceptAction> all = new ArrayList<>(session.getAttachment(ACTIONS, ProtocolSession.State.Transaction)
            .map(CarriedActions::actions).orElse(List.of()));
        all.addAll(actions);
        session.setAttachment(ACTIONS, new CarriedActions(List.copyOf(all)), ProtocolSession.State.Transaction);
    }

    /** The transaction's actions, as a session attachment. */
    private record CarriedActions(List<AcceptAction> actions) {
    }

    private static SmtpdRestrictions loadRestrictions(Policy listenerPolicy) throws ConfigurationException {
        try {
            return SmtpdRestrictions.load(listenerPolicy);
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
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
