package org.jamesfix.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.jamesfix.restriction.SmtpdSession;
import org.junit.jupiter.api.Test;

class AcceptedBySmtpdTest {
    private final AcceptedBySmtpd matcher = new AcceptedBySmtpd();

    @Test
    void mailTheSmtpHandlerAcceptedShouldMatchEveryRecipient() throws Exception {
        FakeMail mail = mail();
        mail.setAttribute(new Attribute(AttributeName.of(SmtpdSession.ACCEPTED_ATTRIBUTE), AttributeValue.of(true)));

        assertThat(matcher.match(mail)).containsExactlyElementsOf(mail.getRecipients());
    }

    @Test
    void mailFromElsewhereShouldNotMatch() throws Exception {
        assertThat(matcher.match(mail())).isEmpty();
    }

    @Test
    void attributeOfAnotherTypeShouldNotMatch() throws Exception {
        FakeMail mail = mail();
        mail.setAttribute(new Attribute(AttributeName.of(SmtpdSession.ACCEPTED_ATTRIBUTE), AttributeValue.of("true")));

        assertThat(matcher.match(mail)).isEmpty();
    }

    private static FakeMail mail() throws Exception {
        return FakeMail.builder().name("m1").sender("s@remote.example")
            .recipients(new MailAddress("a@outside.example"), new MailAddress("b@example.test")).build();
    }
}
