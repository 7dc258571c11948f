package org.jamesfix.launcher;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** %X / %mdc with client text made harmless: James puts the HELO name and the like in the MDC. */
public class PrintableMdcConverter extends MDCConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.printable(super.convert(event));
    }
}
