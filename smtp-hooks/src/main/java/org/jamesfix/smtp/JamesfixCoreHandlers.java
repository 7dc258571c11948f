package org.jamesfix.smtp;

import java.util.List;
import java.util.stream.Stream;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;

/**
 * James's core SMTP handlers with {@link JamesfixGreeting} in place of James's greeting, so a
 * client refused at connect gets Postfix's reply instead of a 220, and {@link DotTransparency}
 * with {@link MessageSizeLimit} in place of James's SIZE handler (Postfix's dot removal,
 * message_size_limit and reply). Named in smtpserver.xml as
 * {@code <handlerchain coreHandlersPackage="org.jamesfix.smtp.JamesfixCoreHandlers">}.
 */
public class JamesfixCoreHandlers implements HandlersPackage {
    private final List<String> handlers = new CoreCmdHandlerLoader().getHandlers().stream()
        .flatMap(name -> name.equals(JamesWelcomeMessageHandler.class.getName()) ? Stream.of(JamesfixGreeting.class.getName())
            : name.equals(MailSizeEsmtpExtension.class.getName())
            ? Stream.of(DotTransparency.class.getName(), MessageSizeLimit.class.getName())
            : Stream.of(name))
        .toList();

    @Override
    public List<String> getHandlers() {
        return handlers;
    }
}
