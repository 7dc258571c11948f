package org.jamesfix.smtp;

import java.util.Arrays;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;

/**
 * RFC 5321 4.5.2 transparency: a DATA line that starts with a period loses that period, as Postfix
 * does. James 3.8.1 removes it only from lines that start with two periods, so a line ".x" would
 * be delivered as ".x"; this filter removes the period of such lines and leaves "..." lines and
 * the terminating "." to James. Listed by {@link JamesfixCoreHandlers} before James's data handlers.
 */
public class DotTransparency implements DataLineFilter {
    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        boolean singleDotLine = line.length >= 2 && line[0] == '.' && line[1] != '.' && !isTerminator(line);
        return next.onLine(session, singleDotLine ? Arrays.copyOfRange(line, 1, line.length) : line);
    }

    private static boolean isTerminator(byte[] line) {
        return line.length == 3 && line[1] == '\r' && line[2] == '\n';
    }
}
