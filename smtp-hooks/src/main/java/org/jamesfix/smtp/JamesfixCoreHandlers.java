package org.jamesfix.smtp;

import java.util.List;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;

/**
 * James's core SMTP handlers with {@link JamesfixGreeting} in place of James's greeting, so a
 * client refused at connect gets Postfix's reply instead of a 220. Named in smtpserver.xml as
 * {@code <handlerchain coreHandlersPackage="org.jamesfix.smtp.JamesfixCoreHandlers">}.
 */
public class JamesfixCoreHandlers implements HandlersPackage {
    private final List<String> handlers = new CoreCmdHandlerLoader().getHandlers().stream()
        .map(name -> name.equals(JamesWelcomeMessageHandler.class.getName()) ? JamesfixGreeting.class.getName() : name)
        .toList();

    @Override
    public List<String> getHandlers() {
        return handlers;
    }
}
