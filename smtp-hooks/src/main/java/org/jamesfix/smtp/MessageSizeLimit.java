package org.jamesfix.smtp;

import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.apache.james.protocols.smtp.hook.MessageHook;

/**
 * Postfix's message_size_limit on a James listener, in place of James's MailSizeEsmtpExtension
 * (whose "552 Quota exceeded" and kilobyte-based limit are not Postfix's): EHLO announces
 * "SIZE limit", the content is counted as Postfix counts it (each line without its CRLF plus 2),
 * lines past the limit are dropped instead of stored, and the end of DATA is answered
 * "552 5.3.4 Error: message file too big" (observed on Postfix 3.7.11) with Postfix's warning in
 * the mail log. The limit is the listener's message_size_limit, which SmtpdPolicy puts on the
 * session; without SmtpdPolicy it is James's maxmessagesize. 0 means no limit. SIZE= in MAIL is
 * checked by SmtpdPolicy first, and here again with the same reply
 * ("552 5.3.4 Message size exceeds fixed limit"). Listed by
 * {@link JamesfixCoreHandlers}.
 */
public class MessageSizeLimit implements EhloExtension, MailParametersHook, DataLineFilter, MessageHook {
    /** The listener's message_size_limit in bytes (Long, connection state), set by SmtpdPolicy. */
    static final ProtocolSession.AttachmentKey<Long> LIMIT = ProtocolSession.AttachmentKey.of("jamesfix.messageSizeLimit", Long.class);
    private static final ProtocolSession.AttachmentKey<Long> RECEIVED = ProtocolSession.AttachmentKey.of("jamesfix.messageSize", Long.class);
    private static final ProtocolSession.AttachmentKey<Boolean> EXCEEDED = ProtocolSession.AttachmentKey.of("jamesfix.messageSizeExceeded", Boolean.class);
    private static final String TOO_BIG_TEXT = "5.3.4 Error: message file too big";
    static final Response TOO_BIG = new SMTPResponse("552", TOO_BIG_TEXT);

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        long limit = limit(session);
        return limit > 0 ? List.of("SIZE " + limit) : List.of();
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {"SIZE"};
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        long limit = limit(session);
        // Syntax is SmtpdPolicy's ("501 5.5.4 Bad message size syntax").
        boolean digits = value != null && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
        return limit > 0 && digits && isOverLimit(value, limit) ? deny("5.3.4 Message size exceeds fixed limit") : HookResult.DECLINED;
    }

    /** Whether a SIZE= value (digits only) is over the limit; too long for a long is over any limit. */
    static boolean isOverLimit(String digits, long limit) {
        return digits.length() > 18 || Long.parseLong(digits) > limit;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        boolean exceeded = session.getAttachment(EXCEEDED, ProtocolSession.State.Transaction).orElse(false);
        if (isTerminator(line)) {
            if (!exceeded) {
                return next.onLine(session, line);
            }
            // Let James end the message (and drop it: onMessage refuses it), then answer as Postfix.
            next.onLine(session, line);
            return TOO_BIG;
        }
        if (exceeded) {
            return null;
        }
        long limit = limit(session);
        long size = session.getAttachment(RECEIVED, ProtocolSession.State.Transaction).orElse(0L) + contentLength(line) + 2;
        if (limit > 0 && size > limit) {
            session.setAttachment(EXCEEDED, true, ProtocolSession.State.Transaction);
            SmtpdPolicy.MAIL_LOG.warn("warning: NOQUEUE: queue file size limit exceeded");
            return null;
        }
        session.setAttachment(RECEIVED, size, ProtocolSession.State.Transaction);
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        if (session.getAttachment(EXCEEDED, ProtocolSession.State.Transaction).orElse(false)) {
            return deny(TOO_BIG_TEXT);
        }
        return HookResult.DECLINED;
    }

    private static HookResult deny(String text) {
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("552").smtpDescription(text).build();
    }

    private static long limit(SMTPSession session) {
        Optional<Long> limit = session.getAttachment(LIMIT, ProtocolSession.State.Connection);
        return limit.orElseGet(() -> session.getConfiguration().getMaxMessageSize());
    }

    private static boolean isTerminator(byte[] line) {
        return line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n';
    }

    // The line without its CRLF (or bare LF), as Postfix counts it.
    private static int contentLength(byte[] line) {
        int length = line.length;
        if (length > 0 && line[length - 1] == '\n') {
            length--;
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
        }
        return length;
    }
}
