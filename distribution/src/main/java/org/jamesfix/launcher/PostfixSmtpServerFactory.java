package org.jamesfix.launcher;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.CommandDetectionSession;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.AllButStartTlsLineBasedChannelHandler;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.jamesfix.smtp.SmtpdPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * James's SMTP servers with the connection-level behaviours of Postfix's smtpd that James's
 * handlers cannot have, since only this launcher (which can replace core bindings) reaches the
 * channel. In a stock James with our extension none of these happen; the handler then falls back
 * as docs/postfix-compatibility.md says. The SMTP handler (SmtpdPolicy) talks to it through
 * session attachments:
 * <ul>
 * <li>input ahead ({@value #INPUT_AHEAD}): for every framed line, whether the client had sent
 *     more already (reject_unauth_pipelining); and whether its bytes are not UTF-8
 *     ({@value #BAD_UTF8}: Postfix's "500 5.5.2 Error: bad UTF-8 syntax");</li>
 * <li>reply delay ({@value #REPLY_DELAY}, smtpd_error_sleep_time): the reply is sent later by a
 *     timer of the event loop and nothing is framed meanwhile, so the I/O thread serves others;</li>
 * <li>a final reply line ({@value #FINAL_REPLY}) after the next reply (the 421 at the hard error
 *     limit);</li>
 * <li>the idle timeout ({@value #SMTPD_TIMEOUT}, smtpd_timeout, in place of James's
 *     connectiontimeout), answered with Postfix's "421 4.4.2 HOST Error: timeout exceeded";</li>
 * <li>the client name lookup: a command line that needs it ({@value #BEFORE_COMMAND}) is kept and
 *     reading stops until it completes, then the line goes on, on the event loop, with its
 *     input-ahead flag; a greeting that waits for it ({@value #DEFERRED_GREETING}) is written then.
 *     No I/O thread waits for DNS.</li>
 * </ul>
 */
final class PostfixSmtpServerFactory extends SMTPServerFactory {
    // The attachment names are SmtpdPolicy's compile-time constants: javac copies them here, so
    // the launcher needs no SmtpdPolicy class at run time (it lives in the extension jar).
    private static final Logger LOGGER = LoggerFactory.getLogger(PostfixSmtpServerFactory.class);
    /** SmtpdPolicy.SERVER_DEFERS_PROPERTY: tells the handlers that this server holds lines and greetings. */
    static final String SERVER_DEFERS = SmtpdPolicy.SERVER_DEFERS_PROPERTY;
    /** Session attachment (Function from a command verb to the CompletableFuture it must wait for, or null). */
    static final String BEFORE_COMMAND = SmtpdPolicy.BEFORE_COMMAND_NAME;
    @SuppressWarnings("rawtypes")
    private static final ProtocolSession.AttachmentKey<Function> BEFORE_COMMAND_KEY =
        ProtocolSession.AttachmentKey.of(BEFORE_COMMAND, Function.class);
    /** Session attachment (CompletableFuture of a Supplier of the greeting Response). */
    static final String DEFERRED_GREETING = SmtpdPolicy.DEFERRED_GREETING_NAME;
    @SuppressWarnings("rawtypes")
    private static final ProtocolSession.AttachmentKey<CompletableFuture> DEFERRED_GREETING_KEY =
        ProtocolSession.AttachmentKey.of(DEFERRED_GREETING, CompletableFuture.class);
    /** Session attachment (Long, milliseconds): the listener's smtpd_timeout. */
    static final String SMTPD_TIMEOUT = SmtpdPolicy.SMTPD_TIMEOUT_NAME;
    private static final ProtocolSession.AttachmentKey<Long> SMTPD_TIMEOUT_KEY =
        ProtocolSession.AttachmentKey.of(SMTPD_TIMEOUT, Long.class);
    /** Session attachment (String): one more reply line after the next reply (Postfix's 421 at the hard error limit). */
    static final String FINAL_REPLY = SmtpdPolicy.FINAL_REPLY_NAME;
    private static final ProtocolSession.AttachmentKey<String> FINAL_REPLY_KEY =
        ProtocolSession.AttachmentKey.of(FINAL_REPLY, String.class);
    private static final int LONGEST_VERB = 16;

    static {
        // Read by the SMTP handlers at init, after this factory exists and before any connection.
        System.setProperty(SERVER_DEFERS, "true");
    }

    /** Session attachment (Boolean, connection state): the client had sent more input after this line. */
    static final String INPUT_AHEAD = SmtpdPolicy.INPUT_AHEAD_NAME;
    private static final ProtocolSession.AttachmentKey<Boolean> INPUT_AHEAD_KEY =
        ProtocolSession.AttachmentKey.of(INPUT_AHEAD, Boolean.class);
    /** Session attachment (Boolean, connection state): the framed line is not UTF-8. */
    static final String BAD_UTF8 = SmtpdPolicy.BAD_UTF8_NAME;
    private static final ProtocolSession.AttachmentKey<Boolean> BAD_UTF8_KEY =
        ProtocolSession.AttachmentKey.of(BAD_UTF8, Boolean.class);
    /** Session attachment (Long, milliseconds): send the next reply this much later. */
    static final String REPLY_DELAY = SmtpdPolicy.REPLY_DELAY_NAME;
    private static final ProtocolSession.AttachmentKey<Long> REPLY_DELAY_KEY =
        ProtocolSession.AttachmentKey.of(REPLY_DELAY, Long.class);

    @Inject
    PostfixSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem, MetricFactory metricFactory) {
        super(dns, loader, fileSystem, metricFactory);
    }

    @Override
    protected SMTPServer createServer() {
        return new Server(smtpMetrics);
    }

    /** An SMTP server whose framer runs on the channel's event loop, in step with the command handlers. */
    private static final class Server extends SMTPServer {
        Server(SmtpMetrics metrics) {
            super(metrics);
        }

        @Override
        protected ChannelHandlerFactory createFrameHandlerFactory() {
            return pipeline -> new Framer(pipeline);
        }

        // James frames lines on a separate executor; the handlers would then see a line after the
        // framer had already consumed the next one. On the event loop the flag is exact.
        @Override
        protected EventExecutorGroup getExecutorGroup() {
            return null;
        }
    }

    /**
     * James's framer (STARTTLS injection checks included) that also records input ahead, and on
     * the way out delays replies the handler asked to delay, keeping their order.
     */
    private static final class Framer extends AllButStartTlsLineBasedChannelHandler implements ChannelOutboundHandler {
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        // A delayed reply is due: nothing is framed until it is sent.
        private boolean waiting;
        // A framed line waiting for the client name lookup, and whether input followed it then.
        private ByteBuf held;
        private boolean heldInputAhead;
        // The greeting waits for the client name lookup: nothing is framed before it is written.
        private boolean greetingPending;
        // The lookup lines wait for has completed: no later line waits (spares DATA lines the check).
        private boolean lookupDone;

        Framer(ChannelPipeline pipeline) {
            super(pipeline, AbstractChannelPipelineFactory.MAX_LINE_LENGTH, false, "starttls");
        }

        /** Whether input must stay unframed now. */
        boolean holding() {
            return waiting || held != null || greetingPending;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            // James's handler creates the session and runs the connect handlers (greeting included).
            super.channelActive(ctx);
            ProtocolSession session = protocolSession(ctx);
            ChannelHandler timeout = ctx.pipeline().get(HandlerConstants.TIMEOUT_HANDLER);
            if (timeout instanceof IdleStateHandler idle && !(timeout instanceof PostfixTimeout)) {
                long millis = Optional.ofNullable(session)
                    .flatMap(value -> value.getAttachment(SMTPD_TIMEOUT_KEY, ProtocolSession.State.Connection))
                    .orElse(idle.getReaderIdleTimeInMillis());
                ctx.pipeline().replace(timeout, HandlerConstants.TIMEOUT_HANDLER, new PostfixTimeout(millis));
            }
            if (session != null) {
                deferGreeting(ctx, session);
            }
        }

        @SuppressWarnings("unchecked")
        private void deferGreeting(ChannelHandlerContext ctx, ProtocolSession session) {
            Optional<CompletableFuture> greeting = session.getAttachment(DEFERRED_GREETING_KEY, ProtocolSession.State.Connection);
            if (greeting.isEmpty()) {
                return;
            }
            session.removeAttachment(DEFERRED_GREETING_KEY, ProtocolSession.State.Connection);
            greetingPending = true;
            ctx.channel().config().setAutoRead(false);
            CompletableFuture<Supplier<Response>> future = greeting.get();
            future.whenComplete((supplier, error) -> ctx.executor().execute(() -> {
                greetingPending = false;
                if (!ctx.channel().isActive()) {
                    return;
                }
                if (supplier == null) {
                    LOGGER.error("no greeting for {}: {}", ctx.channel().remoteAddress(), String.valueOf(error));
                    ctx.close();
                    return;
                }
                ((ProtocolSessionImpl) session).getProtocolTransport().writeResponse(supplier.get(), session);
                resume(ctx);
            }));
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
            if (holding()) {
                return null;
            }
            Object frame = super.decode(ctx, buffer);
            if (frame != null) {
                ProtocolSession session = protocolSession(ctx);
                if (session != null) {
                    boolean inputAhead = buffer.isReadable();
                    session.setAttachment(INPUT_AHEAD_KEY, inputAhead, ProtocolSession.State.Connection);
                    session.setAttachment(BAD_UTF8_KEY, !isUtf8((ByteBuf) frame), ProtocolSession.State.Connection);
                    CompletableFuture<?> lookup = lookupDone ? null : lookupBefore(session, (ByteBuf) frame);
                    if (lookup != null && lookup.isDone()) {
                        lookupDone = true;
                    } else if (lookup != null) {
                        held = (ByteBuf) frame;
                        heldInputAhead = inputAhead;
                        ctx.channel().config().setAutoRead(false);
                        lookup.whenComplete((value, error) -> ctx.executor().execute(() -> handOn(ctx)));
                        return null;
                    }
                }
            }
            return frame;
        }

        /** Whether the line is UTF-8 (ASCII, the common case, without decoding). */
        private static boolean isUtf8(ByteBuf line) {
            int end = line.writerIndex();
            for (int i = line.readerIndex(); i < end; i++) {
                if (line.getByte(i) < 0) {
                    try {
                        StandardCharsets.UTF_8.newDecoder().decode(line.nioBuffer());
                        return true;
                    } catch (CharacterCodingException e) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * What the SMTP handler says this command line must wait for, or null. It is the one name
         * lookup of the connection for every verb that waits at all, so once it is done no line waits.
         */
        @SuppressWarnings("unchecked")
        private static CompletableFuture<?> lookupBefore(ProtocolSession session, ByteBuf line) {
            Optional<Function> gate = session.getAttachment(BEFORE_COMMAND_KEY, ProtocolSession.State.Connection);
            if (gate.isEmpty()) {
                return null;
            }
            StringBuilder verb = new StringBuilder();
            for (int i = line.readerIndex(); i < line.writerIndex() && verb.length() < LONGEST_VERB; i++) {
                char c = (char) (line.getByte(i) & 0xff);
                if (c == ' ' || c == '\r' || c == '\n') {
                    break;
                }
                verb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
            }
            return (CompletableFuture<?>) gate.get().apply(verb.toString());
        }

        // The lookup a held line waited for is done: the line goes on, then framing goes on.
        private void handOn(ChannelHandlerContext ctx) {
            ByteBuf line = held;
            held = null;
            if (line == null) {
                return;
            }
            if (!ctx.channel().isActive()) {
                line.release();
                return;
            }
            ProtocolSession session = protocolSession(ctx);
            if (session != null) {
                session.setAttachment(INPUT_AHEAD_KEY, heldInputAhead, ProtocolSession.State.Connection);
            }
            ctx.fireChannelRead(line);
            ctx.fireChannelReadComplete();
            resume(ctx);
        }

        // Reads and frames again once nothing holds input back.
        private void resume(ChannelHandlerContext ctx) {
            if (holding() || !ctx.channel().isActive()) {
                return;
            }
            ctx.channel().config().setAutoRead(true);
            if (internalBuffer().isReadable()) {
                try {
                    // Frames the input that arrived meanwhile.
                    channelRead(ctx, Unpooled.EMPTY_BUFFER);
                } catch (Exception e) {
                    ctx.fireExceptionCaught(e);
                }
            }
        }

        // While input is held back, no read is requested (the decoder would ask for one per
        // empty read otherwise, and a client could keep filling the buffer).
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            if (holding()) {
                ctx.fireChannelReadComplete();
                return;
            }
            super.channelReadComplete(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (held != null) {
                held.release();
                held = null;
            }
            super.channelInactive(ctx);
        }

        private static ProtocolSession protocolSession(ChannelHandlerContext ctx) {
            Object session = ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
            return session instanceof ProtocolSession ? (ProtocolSession) session : null;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            long delay = takeDelay(ctx);
            String last = takeFinalReply(ctx);
            write(ctx, msg, promise, delay);
            if (last != null) {
                write(ctx, Unpooled.copiedBuffer(last + "\r\n", StandardCharsets.US_ASCII), ctx.newPromise(), 0);
            }
        }

        private void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise, long delay) {
            if (delay <= 0 && !waiting && pending.isEmpty()) {
                ctx.write(msg, promise);
                return;
            }
            pending.add(new Pending(msg, promise, delay));
            release(ctx);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (!waiting && pending.isEmpty()) {
                ctx.flush();
            }
        }

        // Writes what is due; at a delayed write, stops reading and sets a timer.
        private void release(ChannelHandlerContext ctx) {
            while (!waiting && !pending.isEmpty()) {
                Pending next = pending.peek();
                if (next.delay > 0) {
                    waiting = true;
                    long delay = next.delay;
                    next.delay = 0;
                    ctx.channel().config().setAutoRead(false);
                    ctx.executor().schedule(() -> {
                        waiting = false;
                        release(ctx);
                    }, delay, TimeUnit.MILLISECONDS);
                    return;
                }
                pending.poll();
                ctx.write(next.msg, next.promise);
            }
            ctx.flush();
            resume(ctx);
        }

        private long takeDelay(ChannelHandlerContext ctx) {
            CommandDetectionSession session = retrieveSession(ctx);
            if (!(session instanceof ProtocolSession)) {
                return 0;
            }
            ProtocolSession protocolSession = (ProtocolSession) session;
            Optional<Long> delay = protocolSession.getAttachment(REPLY_DELAY_KEY, ProtocolSession.State.Connection);
            delay.ifPresent(value -> protocolSession.removeAttachment(REPLY_DELAY_KEY, ProtocolSession.State.Connection));
            return delay.orElse(0L);
        }

        private static String takeFinalReply(ChannelHandlerContext ctx) {
            ProtocolSession session = protocolSession(ctx);
            if (session == null) {
                return null;
            }
            Optional<String> last = session.getAttachment(FINAL_REPLY_KEY, ProtocolSession.State.Connection);
            last.ifPresent(value -> session.removeAttachment(FINAL_REPLY_KEY, ProtocolSession.State.Connection));
            return last.orElse(null);
        }

        @Override
        public void bind(ChannelHandlerContext ctx, java.net.SocketAddress localAddress, ChannelPromise promise) {
            ctx.bind(localAddress, promise);
        }

        @Override
        public void connect(ChannelHandlerContext ctx, java.net.SocketAddress remoteAddress, java.net.SocketAddress localAddress,
                ChannelPromise promise) {
            ctx.connect(remoteAddress, localAddress, promise);
        }

        @Override
        public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
            ctx.disconnect(promise);
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            ctx.close(promise);
        }

        @Override
        public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
            ctx.deregister(promise);
        }

        @Override
        public void read(ChannelHandlerContext ctx) {
            ctx.read();
        }
    }

    /** A write held back behind a delayed reply. */
    private static final class Pending {
        final Object msg;
        final ChannelPromise promise;
        long delay;

        Pending(Object msg, ChannelPromise promise, long delay) {
            this.msg = msg;
            this.promise = promise;
            this.delay = delay;
        }
    }

    /**
     * Postfix's smtpd_timeout (James's connectiontimeout when the listener has no SmtpdPolicy),
     * with Postfix's reply before the close. Time the server holds input back (an error sleep, a
     * name lookup) is the server's, not the client's: the client cannot time out then.
     */
    private static final class PostfixTimeout extends IdleStateHandler {
        private boolean timedOut;

        PostfixTimeout(long readerIdleMillis) {
            super(readerIdleMillis, 0, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
            if (event.state() != io.netty.handler.timeout.IdleState.READER_IDLE || timedOut) {
                return;
            }
            ChannelHandler framer = ctx.pipeline().get(HandlerConstants.FRAMER);
            if (framer instanceof Framer && ((Framer) framer).holding()) {
                return;
            }
            timedOut = true;
            Object session = ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
            String host = session instanceof SMTPSession ? ((SMTPSession) session).getConfiguration().getHelloName() : "";
            byte[] reply = ("421 4.4.2 " + host + " Error: timeout exceeded\r\n").getBytes(StandardCharsets.US_ASCII);
            ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
