package org.jamesfix.launcher;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.CommandDetectionSession;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.AllButStartTlsLineBasedChannelHandler;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.smtpserver.netty.SmtpMetrics;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * James's SMTP servers, with one change: for every line it frames, the line framer records on the
 * session whether the client had already sent more input. That is what Postfix peeks at for
 * reject_unauth_pipelining; the SMTP handler (SmtpdPolicy) reads it from the session attachment
 * {@value #INPUT_AHEAD}. James gives extensions no other view of unread input, so only this
 * launcher (which can replace core bindings) provides it; in a stock James the check never fires.
 */
final class InputAheadSmtpServerFactory extends SMTPServerFactory {
    /** The session attachment (Boolean, connection state); SmtpdPolicy.INPUT_AHEAD names the same. */
    static final String INPUT_AHEAD = "jamesfix.inputAhead";
    private static final ProtocolSession.AttachmentKey<Boolean> INPUT_AHEAD_KEY =
        ProtocolSession.AttachmentKey.of(INPUT_AHEAD, Boolean.class);

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

    /** James's framer (STARTTLS injection checks included) that also records input ahead. */
    private static final class Framer extends AllButStartTlsLineBasedChannelHandler {
        Framer(ChannelPipeline pipeline) {
            super(pipeline, AbstractChannelPipelineFactory.MAX_LINE_LENGTH, false, "starttls");
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
            Object frame = super.decode(ctx, buffer);
            if (frame != null) {
                CommandDetectionSession session = retrieveSession(ctx);
                if (session instanceof ProtocolSession) {
                    ((ProtocolSession) session).setAttachment(INPUT_AHEAD_KEY, buffer.isReadable(), ProtocolSession.State.Connection);
                }
            }
            return frame;
        }
    }
}
