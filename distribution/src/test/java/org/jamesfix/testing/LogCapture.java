package org.jamesfix.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Collects what one logger (and its children) writes at INFO and above while attached, from any
 * thread: James logs from its SMTP worker threads. Events are kept in arrival order; close it to
 * detach and restore the logger's level.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final Collector collector = new Collector();

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        if (!logger.isInfoEnabled()) {
            logger.setLevel(Level.INFO);
        }
        collector.setContext(logger.getLoggerContext());
        collector.start();
        logger.addAppender(collector);
    }

    /** Starts collecting the messages of the named logger. */
    public static LogCapture attach(String loggerName) {
        return new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    }

    /** The formatted messages collected since the last call, oldest first. */
    public List<String> drain() {
        List<String> messages = new ArrayList<>();
        for (String message = collector.messages.poll(); message != null; message = collector.messages.poll()) {
            messages.add(message);
        }
        return messages;
    }

    @Override
    public void close() {
        logger.detachAppender(collector);
        collector.stop();
        logger.setLevel(previousLevel);
    }

    private static final class Collector extends AppenderBase<ILoggingEvent> {
        private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
                messages.add(event.getFormattedMessage());
            }
        }
    }
}
