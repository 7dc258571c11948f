package org.jamesfix.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.jamesfix.config.Parameters;
import org.jamesfix.policy.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MAIL FROM stage of smtpd. Today it enforces {@code smtpd_sasl_auth_required} (a Jamesfix
 * parameter: submission and SMTPS demand AUTH before MAIL, "530 5.7.0 Authentication required",
 * RFC 4954's reply). Otherwise it answers DECLINED so later hooks, James's relay check included,
 * still run.
 */
public class SmtpdMailHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpdMailHook.class);
    private static final HookResult AUTH_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("530")
        .smtpDescription("5.7.0 Authentication required")
        .build();

    private final Policy policy;
    private boolean authRequired;

    @Inject
    public SmtpdMailHook(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Parameters parameters = ListenerPolicy.of(policy, config, getClass()).parameters();
        authRequired = parameters.getBoolean("smtpd_sasl_auth_required");
        LOGGER.info("Jamesfix smtpd policy: myhostname = {}, smtpd_tls_security_level = {}, smtpd_sasl_auth_required = {}",
            parameters.get("myhostname"), parameters.get("smtpd_tls_security_level"), authRequired ? "yes" : "no");
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (authRequired && session.getUsername() == null) {
            return AUTH_REQUIRED;
        }
        return HookResult.DECLINED;
    }
}
