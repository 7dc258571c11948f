package org.jamesfix.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.api.handler.ExtensibleHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesfix.address.SmtpPath;
import org.jamesfix.cleanup.HopCount;
import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Parameters;
import org.jamesfix.limit.Anvil;
import org.jamesfix.limit.LimitSettings;
import org.jamesfix.limit.SessionLimits;
import org.jamesfix.log.Printable;
import org.jamesfix.net.IpAddresses;
import org.jamesfix.net.NetworkList;
import org.jamesfix.policy.Policy;
import org.jamesfix.restriction.AcceptAction;
import org.jamesfix.restriction.Reply;
import org.jamesfix.restriction.SessionFacts;
import org.jamesfix.restriction.SmtpdRestrictions;
import org.jamesfix.restriction.SmtpdSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's smtpd(8) policy for one James SMTP listener: one {@code <handler>} per
 * {@code <smtpserver>}, listed before James's own handlers, whose {@code <param>} children
 * override main.cf for that port as master.cf's "-o name=value" does. The protocol logic lives in
 * core ({@link SmtpdSession}); this class feeds it James's events and turns its replies into
 * James responses.
 *
 * Commands, before James's handlers see them: after a client rejected at connect every command
 * but QUIT gets 503; {@code smtpd_tls_security_level = encrypt} gives "530 5.7.0 Must issue a
 * STARTTLS command first"; AUTH and the EHLO lines announcing it are {@link SaslPolicy}'s
 * (smtpd_sasl_* parameters, Postfix's replies; James's AUTH handler never runs); MAIL gets
 * the HELO-required and {@code smtpd_sasl_auth_required} checks and Postfix's address and
 * parameter syntax; RCPT is checked in full here
 * (Postfix's address parsing, every restriction list, local_recipient_maps) so James's parser
 * and relay check never decide alone; DATA gets smtpd_data_restrictions.
 * Hooks: HELO and MAIL run their lists when smtpd_delay_reject = no; a recipient accepted by
 * RCPT is answered OK, which skips James's own recipient hooks; at the end of DATA the
 * end-of-data list runs and the accepting actions (HOLD, DISCARD, ...) go on the mail.
 *
 * reject_unauth_pipelining sees input the client sent ahead when the SMTP server reports it (the
 * packaged launcher's does, through the session attachment "jamesfix.inputAhead").
 *
 * The client name is Postfix's: the reverse name when its forward lookup gives the address back,
 * else "unknown" (James's DNSService; smtpd_peername_lookup = no skips it). It is looked up on a
 * small pool of its own, started at connect, so that the greeting never waits for DNS; a command
 * that needs the name (anything but HELO/EHLO, NOOP, RSET, QUIT, HELP, STARTTLS) waits for it
 * (with smtpd_delay_reject = no the connect-time restrictions need it, so then the greeting
 * waits). No I/O thread waits: the session attachment {@value #BEFORE_COMMAND_NAME} tells the
 * packaged launcher's SMTP server which command line must wait for what, and it holds the line
 * (reading nothing more) until the lookup is done; with smtpd_delay_reject = no
 * {@link JamesfixGreeting} hands it the greeting to write when the lookup is done
 * ({@value #DEFERRED_GREETING_NAME}). A stock James has no such server: there the command (or
 * the greeting) waits on the I/O thread, at most {@link #NAME_WAIT_BOUND}, then the client is
 * "unknown".
 *
 * Postfix's limits (core {@link SessionLimits}, {@link Anvil}): connection count and rate per
 * client, AUTH rate, recipients, errors and junk commands, for this listener (one counter set per
 * listener and server process, as Postfix's anvil counts per service and host). The sleep before a
 * reply once errors reach smtpd_error_sleep_time is asked of the SMTP server through the session
 * attachment {@value #REPLY_DELAY_NAME} (milliseconds): the packaged launcher's server delays the
 * reply and stops reading meanwhile without holding its I/O thread; a stock James ignores it.
 * A hard error limit reached by the end-of-DATA reply ends the session at once, as in Postfix:
 * the launcher's server adds the 421 line ({@value #FINAL_REPLY_NAME}); a stock James closes
 * after the refusal without it.
 *
 * smtpd_timeout (per listener) goes to the launcher's server as the session attachment
 * {@value #SMTPD_TIMEOUT_NAME} (milliseconds); its idle timer replaces James's connectiontimeout.
 */
public class SmtpdPolicy implements ConnectHandler<SMTPSession>, DisconnectHandler<SMTPSession>, CommandHandler<SMTPSession>,
        HeloHook, MailHook, RcptHook,
        JamesMessageHook, ProtocolHandlerResultHandler<Response, SMTPSession>, ExtensibleHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpdPolicy.class);
    /** Postfix's mail log lines (NOQUEUE: reject: ..., warnings); conf/logback.xml writes them to var/log/mail.log. */
    static final Logger MAIL_LOG = LoggerFactory.getLogger("org.jamesfix.smtp.maillog");
    private static final String UNKNOWN_CLIENT = "unknown";
    private static final ProtocolSession.AttachmentKey<Connection> CONNECTION =
        ProtocolSession.AttachmentKey.of("jamesfix.smtpd", Connection.class);
    // The commands James implements (a command claimed here without a James handler behind it would
    // get no reply at all). Not STARTTLS: James's line framer expects TLS after any reply to it and
    // would refuse every later command, so STARTTLS is left to James even for a refused client.
    private static final List<String> COMMANDS = List.of("HELO", "EHLO", "AUTH", "MAIL", "RCPT", "DATA",
        "RSET", "VRFY", "EXPN", "NOOP", "HELP");
    private static final List<String> NEED_TLS = List.of("AUTH", "MAIL", "RCPT", "DATA", "RSET", "VRFY", "EXPN");
    private static final Response STARTTLS_FIRST = new SMTPResponse("530", "5.7.0 Must issue a STARTTLS command first");
    private static final Response AUTH_REQUIRED = new SMTPResponse("530", "5.7.0 Authentication required");
    private static final Response BAD_RECIPIENT = new SMTPResponse("501", "5.1.3 Bad recipient address syntax");
    private static final Response MAIL_SYNTAX = new SMTPResponse("501", "5.5.4 Syntax: MAIL FROM:<address>");
    private static final Response BAD_SENDER = new SMTPResponse("501", "5.1.7 Bad sender address syntax");
    private static final Pattern SIZE_VALUE = Pattern.compile("[0-9]+");
    private static final Response SIZE_EXCEEDED = new SMTPResponse("552", "5.3.4 Message size exceeds fixed limit");
    // MAIL parameters Postfix knows; James answers for them itself.
    private static final List<String> MAIL_PARAMETERS = List.of("BODY", "AUTH", "RET", "ENVID", "SMTPUTF8");
    private static final Response RCPT_SYNTAX = new SMTPResponse("501", "5.5.4 Syntax: RCPT TO:<address>");
    // RCPT parameters Postfix knows (RFC 3461 DSN); James answers for them itself.
    private static final Pattern DSN_RCPT_PARAMETER = Pattern.compile("(?i)(NOTIFY|ORCPT)=");
    private static final Response NESTED_MAIL = new SMTPResponse("503", "5.5.1 Error: nested MAIL command");
    private static final Response NEED_MAIL = new SMTPResponse("503", "5.5.1 Error: need MAIL command");
    // Set per command line by the launcher's SMTP server (PostfixSmtpServerFactory): whether the
    // client had sent more input already. Absent in a stock James: reject_unauth_pipelining never fires.
    public static final String INPUT_AHEAD_NAME = "jamesfix.inputAhead";
    private static final ProtocolSession.AttachmentKey<Boolean> INPUT_AHEAD =
        ProtocolSession.AttachmentKey.of(INPUT_AHEAD_NAME, Boolean.class);
    // Set per command line by the launcher's SMTP server: the line's bytes are not UTF-8 (James
    // reads commands as US-ASCII and cannot tell). Postfix (smtputf8_enable = yes) refuses them.
    public static final String BAD_UTF8_NAME = "jamesfix.badUtf8";
    private static final ProtocolSession.AttachmentKey<Boolean> BAD_UTF8 =
        ProtocolSession.AttachmentKey.of(BAD_UTF8_NAME, Boolean.class);
    private static final Response BAD_UTF8_SYNTAX = new SMTPResponse("500", "5.5.2 Error: bad UTF-8 syntax");
    private static final AtomicLong QUEUE_IDS = new AtomicLong(System.currentTimeMillis() << 8);
    /** Session attachment (Long, milliseconds): wait this long before sending the next reply. */
    public static final String REPLY_DELAY_NAME = "jamesfix.replyDelay";
    private static final ProtocolSession.AttachmentKey<Long> REPLY_DELAY = ProtocolSession.AttachmentKey.of(REPLY_DELAY_NAME, Long.class);
    // Commands that neither run restrictions nor log the client name: they never wait for its lookup.
    private static final List<String> NAME_NOT_NEEDED = List.of("HELO", "EHLO", "NOOP", "RSET", "QUIT", "HELP", "STARTTLS");
    /**
     * Session attachment ({@code Function<String, CompletableFuture<?>>}): for the verb of a command
     * line (upper case), the lookup it must wait for, or null. Present while the name is pending.
     */
    public static final String BEFORE_COMMAND_NAME = "jamesfix.beforeCommand";
    @SuppressWarnings("rawtypes")
    private static final ProtocolSession.AttachmentKey<Function> BEFORE_COMMAND =
        ProtocolSession.AttachmentKey.of(BEFORE_COMMAND_NAME, Function.class);
    /** Session attachment set by {@link JamesfixGreeting}: the greeting, written by the server when known. */
    public static final String DEFERRED_GREETING_NAME = "jamesfix.deferredGreeting";
    /**
     * System property the launcher's SMTP server sets: it writes a deferred greeting and holds
     * command lines as {@value #BEFORE_COMMAND_NAME} says, so no handler needs to wait.
     */
    public static final String SERVER_DEFERS_PROPERTY = "jamesfix.smtp.serverDefers";
    /** Session attachment (String): a last reply line the server sends after the next reply, before the close. */
    public static final String FINAL_REPLY_NAME = "jamesfix.finalReply";
    private static final ProtocolSession.AttachmentKey<String> FINAL_REPLY = ProtocolSession.AttachmentKey.of(FINAL_REPLY_NAME, String.class);
    /** Session attachment (Long, milliseconds): the listener's smtpd_timeout. */
    public static final String SMTPD_TIMEOUT_NAME = "jamesfix.smtpdTimeout";
    private static final ProtocolSession.AttachmentKey<Long> SMTPD_TIMEOUT = ProtocolSession.AttachmentKey.of(SMTPD_TIMEOUT_NAME, Long.class);
    /** The longest a handler waits for the client name on an I/O thread (only without the launcher's server). */
    static final Duration NAME_WAIT_BOUND = Duration.ofSeconds(5);
    // Client name lookups, off the SMTP server's I/O threads (DNS there would stall every session).
    // They wait on the resolver, not the CPU: enough threads that a burst of new clients with slow
    // names delays the others little; idle threads end.
    private static final ExecutorService NAME_LOOKUPS = nameLookupPool(64);

    private final Policy policy;
    private final DNSService dns;
    private SmtpdRestrictions restrictions;
    private boolean encryptionRequired;
    private SaslPolicy sasl;
    private boolean authRequired;
    private boolean heloRequired;
    private boolean peernameLookup;
    private boolean strictEnvelopes;
    private long messageSizeLimit;
    private HopCount hopCount;
    private boolean delayReject;
    private String myhostname;
    private LimitSettings limits;
    private NetworkList limitExceptions;
    private Anvil anvil;
    private long smtpdTimeoutMillis;
    private boolean serverDefers;

    @Inject
    public SmtpdPolicy(Policy policy, DNSService dns) {
        this.policy = policy;
        this.dns = dns;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Policy listenerPolicy = ListenerPolicy.of(policy, config, getClass());
        Parameters parameters = listenerPolicy.parameters();
        try {
            restrictions = SmtpdRestrictions.load(listenerPolicy);
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        encryptionRequired = "encrypt".equals(parameters.get("smtpd_tls_security_level"));
        sasl = SaslPolicy.of(parameters, this::afterReply);
        authRequired = parameters.getBoolean("smtpd_sasl_auth_required");
        heloRequired = parameters.getBoolean("smtpd_helo_required");
        peernameLookup = parameters.getBoolean("smtpd_peername_lookup");
        strictEnvelopes = parameters.getBoolean("strict_rfc821_envelopes");
        messageSizeLimit = parameters.getSize("message_size_limit");
        hopCount = HopCount.of(parameters);
        delayReject = parameters.getBoolean("smtpd_delay_reject");
        myhostname = parameters.get("myhostname");
        limits = LimitSettings.from(parameters);
        smtpdTimeoutMillis = parameters.getTime("smtpd_timeout").toMillis();
        serverDefers = Boolean.getBoolean(SERVER_DEFERS_PROPERTY);
        try {
            limitExceptions = NetworkList.parse(parameters.getList("smtpd_client_event_limit_exceptions"),
                listenerPolicy.tables()::open);
            anvil = new Anvil(limits.rateTimeUnit(), System::nanoTime);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        LOGGER.info("Jamesfix smtpd policy: myhostname = {}, smtpd_tls_security_level = {}, smtpd_tls_auth_only = {},"
                + " smtpd_sasl_auth_required = {}", parameters.get("myhostname"), parameters.get("smtpd_tls_security_level"),
            parameters.rawValue("smtpd_tls_auth_only"), parameters.rawValue("smtpd_sasl_auth_required"));
    }

    /**
     * A new connection: anvil's connection limits, the client's name (looked up in the
     * background), then smtpd_client_restrictions (JamesfixGreeting sends a refusal).
     */
    @Override
    public Response onConnect(SMTPSession session) {
        InetAddress address = session.getRemoteAddress().getAddress();
        String clientAddress = IpAddresses.format(address.getAddress());
        SessionFacts facts = SessionFacts.connect(clientAddress, UNKNOWN_CLIENT);
        if (session.isTLSStarted()) {
            facts = facts.withTls();
        }
        Connection connection = new Connection(new SmtpdSession(restrictions, heloRequired, facts,
            line -> MAIL_LOG.info("{}", Printable.of(line)), SmtpdPolicy::nextQueueId), new SessionLimits(limits), clientAddress);
        connection.service = service(session);
        session.setAttachment(CONNECTION, connection, ProtocolSession.State.Connection);
        session.setAttachment(MessageSizeLimit.LIMIT, messageSizeLimit, ProtocolSession.State.Connection);
        session.setAttachment(SMTPD_TIMEOUT, smtpdTimeoutMillis, ProtocolSession.State.Connection);
        if (peernameLookup) {
            connection.name = CompletableFuture.supplyAsync(() -> {
                // James's Received header asks the system resolver for this same address object
                // on the I/O thread at end of DATA; asked here first, the answer is cached by then.
                address.getHostName();
                return clientName(address);
            }, NAME_LOOKUPS);
            Function<String, CompletableFuture<?>> beforeCommand = verb ->
                delayReject && NAME_NOT_NEEDED.contains(verb) ? null : connection.name;
            session.setAttachment(BEFORE_COMMAND, beforeCommand, ProtocolSession.State.Connection);
        }
        connection.greetingRefusal = connectionLimit(session, connection);
        if (connection.greetingRefusal.isEmpty()) {
            if (!delayReject && serverDefers && connection.name != null && !connection.name.isDone()) {
                // JamesfixGreeting hands the server the greeting, decided once the name is known.
                connection.connectPending = true;
                return null;
            }
            if (!delayReject) {
                awaitName(session, connection);
            }
            connection.greetingRefusal = connection.smtpd.connect();
        }
        return null;
    }

    /**
     * The lookup the greeting waits for, when the connect-time restrictions wait for the client
     * name and the server writes the greeting later ({@link JamesfixGreeting}).
     */
    static Optional<CompletableFuture<String>> pendingConnect(SMTPSession session) {
        return session.getAttachment(CONNECTION, ProtocolSession.State.Connection)
            .filter(connection -> connection.connectPending).map(connection -> connection.name);
    }

    /** The lookup is done: smtpd_client_restrictions run, on the event loop, and give the greeting refusal. */
    static Optional<Response> finishConnect(SMTPSession session) {
        Connection connection = session.getAttachment(CONNECTION, ProtocolSession.State.Connection).orElseThrow();
        connection.connectPending = false;
        awaitName(session, connection);
        connection.greetingRefusal = connection.smtpd.connect();
        return greetingRefusal(session);
    }

    /** Postfix's anvil check at connect: 421 when this client has too many connections or connects too fast. */
    private Optional<Reply> connectionLimit(SMTPSession session, Connection connection) {
        if (limitExceptions.contains(connection.address)) {
            return Optional.empty();
        }
        connection.counted = true;
        Anvil.Admission admission = anvil.connect(connection.address);
        String what;
        int value;
        if (limits.connectionCountLimit() > 0 && admission.count() > limits.connectionCountLimit()) {
            what = "Connection concurrency";
            value = admission.count();
        } else if (limits.connectionRateLimit() > 0 && admission.rate() > limits.connectionRateLimit()) {
            what = "Connection rate";
            value = admission.rate();
        } else {
            return Optional.empty();
        }
        MAIL_LOG.warn("warning: {} limit exceeded: {} from {} for service {}", what, value,
            connection.smtpd.facts().nameAndAddress(), service(session));
        return Optional.of(new Reply(421, "4.7.0", myhostname + " Error: too many connections from " + connection.address));
    }

    /** The listener as Postfix names an inet service: address:port. */
    private static String service(SMTPSession session) {
        return IpAddresses.format(session.getLocalAddress().getAddress().getAddress()) + ":" + session.getLocalAddress().getPort();
    }

    /** The connection ended: anvil forgets it. */
    @Override
    public void onDisconnect(SMTPSession session) {
        session.getAttachment(CONNECTION, ProtocolSession.State.Connection)
            .filter(connection -> connection.counted)
            .ifPresent(connection -> anvil.disconnect(connection.address));
    }

    /**
     * Takes the client name looked up at connect, once, and gives it to the session. Under the
     * launcher's server the lookup is done by now; elsewhere this waits, at most NAME_WAIT_BOUND.
     */
    private static void awaitName(SMTPSession session, Connection connection) {
        if (connection.name == null) {
            return;
        }
        String name;
        try {
            name = connection.name.get(NAME_WAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOGGER.info("client name lookup for {} took over {} s: the client is unknown", connection.address,
                NAME_WAIT_BOUND.toSeconds());
            name = UNKNOWN_CLIENT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            name = UNKNOWN_CLIENT;
        } catch (Exception e) {
            name = UNKNOWN_CLIENT;
        }
        connection.name = null;
        session.removeAttachment(BEFORE_COMMAND, ProtocolSession.State.Connection);
        connection.smtpd.clientNamed(name);
    }

    /** The refusal that replaces the greeting, if the client restrictions rejected the client at connect. */
    static Optional<Response> greetingRefusal(SMTPSession session) {
        return session.getAttachment(CONNECTION, ProtocolSession.State.Connection)
            .flatMap(connection -> connection.greetingRefusal).map(SmtpdPolicy::response);
    }

    /**
     * A reply to a command is about to be sent: counted by the session limits, delayed once errors
     * reach the soft limit, and followed by "421 ... too many errors" and a hang-up at the hard limit.
     */
    Response afterReply(ProtocolSession session, Response response) {
        Optional<Connection> found = session.getAttachment(CONNECTION, ProtocolSession.State.Connection);
        if (found.isEmpty() || response == null || response.getRetCode() == null || response.getRetCode().length() != 3) {
            return response;
        }
        Connection connection = found.get();
        SessionLimits.Outcome outcome = connection.limits.replied(Integer.parseInt(response.getRetCode()));
        if (outcome.sleepMillis() > 0 && !(response instanceof StartTlsResponse)) {
            session.setAttachment(REPLY_DELAY, outcome.sleepMillis(), ProtocolSession.State.Connection);
        }
        if (!outcome.hangUp() || response.isEndSession()) {
            return response;
        }
        MAIL_LOG.info("too many errors after {} from {}", connection.lastCommand, connection.smtpd.facts().nameAndAddress());
        return new ThenHangUp(response, response(SessionLimits.tooManyErrors(myhostname)));
    }

    /** Postfix's verified client name: reverse lookup confirmed by a forward lookup, else "unknown". */
    private String clientName(InetAddress address) {
        if (!peernameLookup) {
            return UNKNOWN_CLIENT;
        }
        try {
            String name = dns.getHostName(address);
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.isEmpty() || name.equals(address.getHostAddress()) || IpAddresses.parse(name).isPresent()) {
                return UNKNOWN_CLIENT;
            }
            for (InetAddress forward : dns.getAllByName(name)) {
                if (forward.equals(address)) {
                    return name.toLowerCase(Locale.ROOT);
                }
            }
        } catch (Exception e) {
            // No name, or a lookup error: Postfix says "unknown" either way.
            LOGGER.debug("client name lookup for {} failed: {}", address, e.toString());
        }
        return UNKNOWN_CLIENT;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Connection connection = connection(session);
        SmtpdSession smtpd = connection.smtpd;
        String command = request.getCommand().toUpperCase(Locale.ROOT);
        connection.limits.command(command);
        connection.lastCommand = COMMANDS.contains(command) ? command : "UNKNOWN";
        if (session.getAttachment(BAD_UTF8, ProtocolSession.State.Connection).orElse(false)) {
            return BAD_UTF8_SYNTAX;
        }
        if (!(delayReject && NAME_NOT_NEEDED.contains(command))) {
            awaitName(session, connection);
        }
        Optional<Reply> denied = smtpd.accessDenied();
        if (denied.isPresent()) {
            return response(denied.get());
        }
        if (!session.isTLSStarted()) {
            if (encryptionRequired && NEED_TLS.contains(command)) {
                return STARTTLS_FIRST;
            }
        } else if (!smtpd.facts().tlsActive()) {
            smtpd.tlsStarted();
        }
        if (session.getUsername() != null && smtpd.facts().saslUser().isEmpty()) {
            smtpd.authenticated(session.getUsername().asString());
        }
        if (smtpd.commandRead(command, session.getAttachment(INPUT_AHEAD, ProtocolSession.State.Connection).orElse(false))) {
            MAIL_LOG.info("improper command pipelining after {} from {}", command, smtpd.facts().nameAndAddress());
        }
        switch (command) {
            case "AUTH":
                return authRateLimit(connection).map(SmtpdPolicy::response)
                    .orElseGet(() -> sasl.onAuth(session, request.getArgument(), smtpd.facts().nameAndAddress()));
            case "HELO":
            case "EHLO":
                connection.esmtp = command.equals("EHLO");
                return null;
            case "MAIL":
                return mailCommand(session, connection, request.getArgument());
            case "RCPT":
                return rcptCommand(session, connection, request.getArgument());
            case "DATA":
                return smtpd.data().map(SmtpdPolicy::response).orElse(null);
            case "RSET":
                smtpd.reset();
                return null;
            default:
                return null;
        }
    }

    /** smtpd_client_auth_rate_limit: "450 4.7.1 Error: too many AUTH commands from ADDR" over the rate. */
    private Optional<Reply> authRateLimit(Connection connection) {
        if (limits.authRateLimit() <= 0 || limitExceptions.contains(connection.address)) {
            return Optional.empty();
        }
        int rate = anvil.auth(connection.address);
        if (rate <= limits.authRateLimit()) {
            return Optional.empty();
        }
        MAIL_LOG.warn("warning: AUTH command rate limit exceeded: {} from {} for service {}", rate,
            connection.smtpd.facts().nameAndAddress(), connection.service);
        return Optional.of(new Reply(450, "4.7.1", "Error: too many AUTH commands from " + connection.address));
    }

    private Response mailCommand(SMTPSession session, Connection connection, String argument) {
        Optional<Reply> refused = connection.smtpd.beforeMail();
        if (refused.isPresent()) {
            return response(refused.get());
        }
        if (authRequired && session.getUsername() == null) {
            return AUTH_REQUIRED;
        }
        if (session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).isPresent()) {
            return NESTED_MAIL;
        }
        Optional<String> path = SmtpPath.path(argument, "FROM");
        if (path.isEmpty() || path.get().isEmpty()) {
            return MAIL_SYNTAX;
        }
        connection.limits.transaction();
        // The sender as Postfix prints it; James parses the command itself and calls doMail.
        connection.sender = SmtpPath.internalForm(path.get());
        if (connection.sender.isEmpty() || strictEnvelopes && !path.get().startsWith("<")
                || restrictions.isAddressSyntaxError(connection.sender.get())) {
            return BAD_SENDER;
        }
        for (String parameter : SmtpPath.parameters(argument, "FROM")) {
            Optional<Response> badParameter = mailParameter(parameter);
            if (badParameter.isPresent()) {
                return badParameter.get();
            }
        }
        return null;
    }

    /** Postfix's MAIL FROM parameters: SIZE over message_size_limit and unknown ones are refused. */
    private Optional<Response> mailParameter(String parameter) {
        int equals = parameter.indexOf('=');
        String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT);
        if (name.equals("SIZE") && messageSizeLimit > 0) {
            String size = parameter.substring(equals + 1);
            if (!SIZE_VALUE.matcher(size).matches()) {
                return Optional.of(new SMTPResponse("501", "5.5.4 Bad message size syntax"));
            }
            return MessageSizeLimit.isOverLimit(size, messageSizeLimit) ? Optional.of(SIZE_EXCEEDED) : Optional.empty();
        }
        return MAIL_PARAMETERS.contains(name) ? Optional.empty()
            : Optional.of(new SMTPResponse("555", "5.5.4 Unsupported option: " + parameter));
    }

    /**
     * RCPT TO, decided here in full. James's parser runs only for recipients accepted here; one it
     * cannot carry (a quoted local part with '@', say) is refused with Postfix's syntax reply.
     */
    private Response rcptCommand(SMTPSession session, Connection connection, String argument) {
        if (session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).isEmpty()) {
            return NEED_MAIL;
        }
        connection.recipientAccepted = false;
        Optional<String> path = SmtpPath.path(argument, "TO");
        if (path.isEmpty() || path.get().isEmpty()) {
            return RCPT_SYNTAX;
        }
        Optional<String> recipient = SmtpPath.internalForm(path.get());
        if (recipient.isEmpty() || recipient.get().isEmpty() || strictEnvelopes && !path.get().startsWith("<")) {
            return BAD_RECIPIENT;
        }
        for (String parameter : SmtpPath.parameters(argument, "TO")) {
            if (!DSN_RCPT_PARAMETER.matcher(parameter).lookingAt()) {
                return new SMTPResponse("555", "5.5.4 Unsupported option: " + parameter);
            }
        }
        Optional<Reply> overLimit = connection.limits.recipient(connection.smtpd.facts().recipientCount());
        if (overLimit.isPresent()) {
            return response(overLimit.get());
        }
        Optional<Reply> reply = connection.smtpd.rcpt(recipient.get(), jamesCanParse(path.get()));
        if (reply.isPresent()) {
            return response(reply.get());
        }
        connection.recipientAccepted = true;
        return null;
    }

    /** EHLO: the AUTH lines are Postfix's (SaslPolicy). */
    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        Response answer = sasl.onResponse(session, response, handler);
        // Each command's reply passes here once with the handler that gave it (and again from the
        // line dispatcher, which is no CommandHandler).
        return handler instanceof CommandHandler ? afterReply(session, answer) : answer;
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

    /** Whether James's RCPT parser (RcptCmdHandler) will take this path. */
    private static boolean jamesCanParse(String path) {
        String address = path.startsWith("<") && path.endsWith(">") ? path.substring(1, path.length() - 1) : path;
        if (address.isEmpty()) {
            return false;
        }
        try {
            new MailAddress(address.contains("@") ? address : address + "@localhost");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    /** HELO/EHLO: smtpd_helo_restrictions when smtpd_delay_reject = no. */
    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        Connection connection = connection(session);
        return hookResult(connection.smtpd.helo(helo, connection.esmtp));
    }

    /** MAIL FROM: a new transaction; smtpd_sender_restrictions when smtpd_delay_reject = no. */
    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Connection connection = connection(session);
        String address = connection.sender.orElseGet(() -> sender.asOptional().map(MailAddress::asString).orElse(""));
        connection.sender = Optional.empty();
        return hookResult(connection.smtpd.mail(address));
    }

    /**
     * RCPT TO: the recipient was checked in {@link #onCommand}; OK accepts it and skips James's own
     * recipient hooks (its relay check included), which would answer with other codes.
     */
    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        Connection connection = connection(session);
        if (!connection.recipientAccepted) {
            return HookResult.DECLINED;
        }
        connection.recipientAccepted = false;
        connection.smtpd.recipientTaken();
        return HookResult.OK;
    }

    /**
     * End of DATA: smtpd_end_of_data_restrictions, then cleanup's hopcount_limit (refused, never
     * bounced), then the mail is marked as accepted here (the pipeline's AcceptedBySmtpd) and the
     * accepting actions go on it (ApplySmtpActions).
     */
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Connection connection = connection(session);
        SmtpdSession smtpd = connection.smtpd;
        List<AcceptAction> actions = smtpd.actions();
        String queueId = smtpd.queueId();
        Optional<Reply> refused = smtpd.endOfData();
        if (refused.isEmpty()) {
            refused = hopCount.check(MessageHeaders.names(mail));
            refused.ifPresent(loop -> MAIL_LOG.info("{}", HopCount.logLine(queueId)));
        }
        if (refused.isPresent()) {
            // The end-of-data reply does not pass onResponse: count it here (Postfix counts a
            // refused message as an error, whatever refused it).
            connection.lastCommand = "END-OF-MESSAGE";
            Response answered = afterReply(session, response(refused.get()));
            if (answered instanceof ThenHangUp) {
                // Postfix sends the 421 right after the refusal and hangs up; James's reply to a
                // hook cannot hold two lines, so the launcher's server adds the second one.
                session.setAttachment(FINAL_REPLY, ((ThenHangUp) answered).last.getLines().get(0).toString(),
                    ProtocolSession.State.Connection);
                return hookResult(refused, true);
            }
            return hookResult(refused);
        }
        connection.limits.messageAccepted();
        mail.setAttribute(new Attribute(AttributeName.of(SmtpdSession.ACCEPTED_ATTRIBUTE), AttributeValue.of(true)));
        if (!actions.isEmpty()) {
            List<AttributeValue<?>> texts = actions.stream()
                .map(action -> AttributeValue.of(action.asText())).collect(Collectors.toList());
            mail.setAttribute(new Attribute(AttributeName.of(AcceptAction.MAIL_ATTRIBUTE), AttributeValue.of(texts)));
        }
        return HookResult.DECLINED;
    }

    private Connection connection(SMTPSession session) {
        Optional<Connection> connection = session.getAttachment(CONNECTION, ProtocolSession.State.Connection);
        if (connection.isPresent()) {
            return connection.get();
        }
        onConnect(session);
        return session.getAttachment(CONNECTION, ProtocolSession.State.Connection).orElseThrow();
    }

    private static HookResult hookResult(Optional<Reply> reply) {
        return hookResult(reply, false);
    }

    private static HookResult hookResult(Optional<Reply> reply, boolean hangUp) {
        if (reply.isEmpty()) {
            return HookResult.DECLINED;
        }
        HookReturnCode.Action action = reply.get().isTemporary() ? HookReturnCode.Action.DENYSOFT : HookReturnCode.Action.DENY;
        return HookResult.builder()
            .hookReturnCode(hangUp ? HookReturnCode.disconnected(action) : HookReturnCode.connected(action))
            .smtpReturnCode(String.valueOf(reply.get().code()))
            .smtpDescription(reply.get().enhancedCode() + " " + reply.get().text())
            .build();
    }

    private static Response response(Reply reply) {
        SMTPResponse response = new SMTPResponse(String.valueOf(reply.code()), reply.enhancedCode() + " " + reply.text());
        // A 421 ends the session, as in Postfix.
        response.setEndSession(reply.code() == 421);
        return response;
    }

    private static ExecutorService nameLookupPool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            runnable -> {
                Thread thread = new Thread(runnable, "jamesfix-client-name");
                thread.setDaemon(true);
                return thread;
            });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A Postfix-like queue id (upper-case hex) for the log lines of one transaction. */
    private static String nextQueueId() {
        return Long.toHexString(QUEUE_IDS.incrementAndGet()).toUpperCase(Locale.ROOT);
    }

    /** What this handler remembers of one connection. */
    private static final class Connection {
        final SmtpdSession smtpd;
        final SessionLimits limits;
        final String address;
        String service = "";
        boolean counted;
        CompletableFuture<String> name;
        boolean connectPending;
        String lastCommand = "CONNECT";
        Optional<Reply> greetingRefusal = Optional.empty();
        boolean esmtp;
        Optional<String> sender = Optional.empty();
        boolean recipientAccepted;

        Connection(SmtpdSession smtpd, SessionLimits limits, String address) {
            this.smtpd = smtpd;
            this.limits = limits;
            this.address = address;
        }
    }

    /** A reply followed by a second one that ends the session (Postfix's 421 at the hard error limit). */
    private static final class ThenHangUp implements Response {
        private final Response first;
        private final Response last;

        ThenHangUp(Response first, Response last) {
            this.first = first;
            this.last = last;
        }

        @Override
        public String getRetCode() {
            return first.getRetCode();
        }

        @Override
        public List<CharSequence> getLines() {
            List<CharSequence> lines = new java.util.ArrayList<>(first.getLines());
            lines.addAll(last.getLines());
            return lines;
        }

        @Override
        public boolean isEndSession() {
            return true;
        }
    }
}
