package org.jamesfix.launcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.CommandDetectionSession;
import org.apache.james.protocols.api.ProtocolSession;
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
 * James's SMTP servers, with one change: for every line it frames, the line framer records on the
 * session whether the client had already sent more input. That is what Postfix peeks at for
 * reject_unauth_pipelining; the SMTP handler (SmtpdPolicy) reads it from the session attachment
 * {@value #INPUT_AHEAD}. James gives extensions no other view of unread input, so only this
 * launcher (which can replace core bindings) provides it; in a stock James the check never fires.
 *
 * Two more Postfix behaviours live here, at the connection: a reply the SMTP handler asked to
 * delay (session attachment {@value #REPLY_DELAY}, smtpd_error_sleep_time) is sent later by a
 * timer of the channel's event loop, and no further input is framed meanwhile, so the client
 * gets nothing done during the sleep and the I/O thread serves other sessions; an idle client
 * gets Postfix's "421 4.4.2 HOST Error: timeout exceeded" before the close (James closes silently).
 */
final class InputAheadSmtpServerFactory extends SMTPServerFactory {
    /** The session attachment (Boolean, connection state); SmtpdPolicy.INPUT_AHEAD names the same. */
    static final String INPUT_AHEAD = "jamesfix.inputAhead";
    private static final ProtocolSession.AttachmentKey<Boolean> INPUT_AHEAD_KEY =
        ProtocolSession.AttachmentKey.of(INPUT_AHEAD, Boolean.class);
    /** The session attachment (Long, milliseconds) SmtpdPolicy.REPLY_DELAY_NAME names. */
    static final String REPLY_DELAY = "jamesfix.replyDelay";
    private static final ProtocolSession.AttachmentKey<Long> REPLY_DELAY_KEY =
        ProtocolSession.AttachmentKey.of(REPLY_DELAY, Long.class);

    @Inject
    InputAheadSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem, MetricFactory metricFactory) {
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
        private boolean waiting;

        Framer(ChannelPipeline pipeline) {
            super(pipeline, AbstractChannelPipelineFactory.MAX_LINE_LENGTH, false, "starttls");
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ChannelHandler timeout = ctx.pipeline().get(HandlerConstants.TIMEOUT_HANDLER);
            if (timeout instanceof IdleStateHandler idle && !(timeout instanceof PostfixTimeout)) {
                ctx.pipeline().replace(timeout, HandlerConstants.TIMEOUT_HANDLER, new PostfixTimeout(idle.getReaderIdleTimeInMillis()));
            }
            super.channelActive(ctx);
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
            if (waiting) {
                return null;
            }
            Object frame = super.decode(ctx, buffer);
            if (frame != null) {
                CommandDetectionSession session = retrieveSession(ctx);
                if (session instanceof ProtocolSession) {
                    ((ProtocolSession) session).setAttachment(INPUT_AHEAD_KEY, buffer.isReadable(), ProtocolSession.State.Connection);
                }
            }
            return frame;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            long delay = takeDelay(ctx);
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
            ctx.channel().config().setAutoRead(true);
            if (ctx.channel().isActive() && internalBuffer().isReadable()) {
                try {
                    // Frames the input that arrived during the sleep.
                    channelRead(ctx, Unpooled.EMPTY_BUFFER);
                } catch (Exception e) {
                    ctx.fireExceptionCaught(e);
                }
            }
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

    /** James's idle timeout (connectiontimeout), with Postfix's reply before the close. */
    private static final class PostfixTimeout extends IdleStateHandler {
        PostfixTimeout(long readerIdleMillis) {
            super(readerIdleMillis, 0, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
            if (event.state() != io.netty.handler.timeout.IdleState.READER_IDLE || !event.isFirst()) {
                return;
            }
            Object session = ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
            String host = session instanceof SMTPSession ? ((SMTPSession) session).getConfiguration().getHelloName() : "";
            byte[] reply = ("421 4.4.2 " + host + " Error: timeout exceeded\r\n").getBytes(StandardCharsets.US_ASCII);
            ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
