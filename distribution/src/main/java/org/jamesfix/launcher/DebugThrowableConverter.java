package org.jamesfix.launcher;

import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** %rEx, but only for events whose logger is at DEBUG: stack traces are for debugging (see ThrowableSummaryConverter). */
public class DebugThrowableConverter extends RootCauseFirstThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return ThrowableSummaryConverter.debugEnabled(this, event) ? super.convert(event) : "";
    }
}
