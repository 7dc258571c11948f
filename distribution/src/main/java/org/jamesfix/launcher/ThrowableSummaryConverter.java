package org.jamesfix.launcher;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * A logged exception as " [class: message]" on the event's own line, unless the event's logger is
 * at DEBUG, where {@link DebugThrowableConverter} writes the whole trace instead. A client that
 * resets a connection or sends garbage after STARTTLS makes James log an exception; without this,
 * each such event writes 15 to 50 lines.
 */
public class ThrowableSummaryConverter extends ThrowableHandlingConverter {
    private static final int MAX_LENGTH = 300;

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable == null || debugEnabled(this, event)) {
            return "";
        }
        String summary = throwable.getClassName() + (throwable.getMessage() == null ? "" : ": " + throwable.getMessage());
        if (summary.length() > MAX_LENGTH) {
            summary = summary.substring(0, MAX_LENGTH) + "...";
        }
        return " [" + LogText.printable(summary) + "]";
    }

    /** Whether the logger that logged the event is at DEBUG (or finer). */
    static boolean debugEnabled(ch.qos.logback.core.spi.ContextAware converter, ILoggingEvent event) {
        return converter.getContext() instanceof LoggerContext context
            && context.getLogger(event.getLoggerName()).isDebugEnabled();
    }
}
