package org.jamesfix.launcher;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * %msg for conf/logback.xml with client text made harmless: James and its libraries log what
 * clients send (unknown commands, addresses, HELO names), so a CR or LF in it would end the line
 * and let the client write a line of its own, one that fail2ban may believe. Postfix masks every
 * log message this way (printable() with '?'); {@link LogText} does the same here.
 */
public class PrintableMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.printable(super.convert(event));
    }
}
