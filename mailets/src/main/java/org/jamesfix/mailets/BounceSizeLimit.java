package org.jamesfix.mailets;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesfix.policy.Policy;

/**
 * Postfix's bounce_size_limit (default 50000) for James's DSNBounce, which attaches the whole
 * original: a message larger than the limit is marked RET=HDRS, so the bounce that follows
 * returns its headers only (text/rfc822-headers), whatever RET the client asked for; a smaller
 * one keeps the client's choice (the complete original by default). 0 means no limit, as in
 * Postfix. Run it just before DSNBounce. A per-instance {@code bounce_size_limit} parameter
 * overrides main.cf.
 */
public class BounceSizeLimit extends GenericMailet {
    private final Policy policy;
    private long limit;

    @Inject
    public BounceSizeLimit(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init() throws MessagingException {
        String value = getInitParameter("bounce_size_limit", policy.parameters().get("bounce_size_limit")).trim();
        try {
            limit = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MessagingException("BounceSizeLimit: bad bounce_size_limit \"" + value + "\": not a number");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (limit <= 0 || mail.getMessageSize() <= limit) {
            return;
        }
        DsnParameters.Builder headersOnly = DsnParameters.builder().ret(DsnParameters.Ret.HDRS);
        mail.dsnParameters().ifPresent(dsn -> {
            dsn.getEnvIdParameter().ifPresent(headersOnly::envId);
            headersOnly.rcptParameters(dsn.getRcptParameters());
        });
        headersOnly.build().ifPresent(mail::setDsnParameters);
    }
}
