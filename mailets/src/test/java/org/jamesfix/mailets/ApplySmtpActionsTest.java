package org.jamesfix.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** access(5) accept actions, with the precedence access(5) documents for Postfix 3.7. */
class ApplySmtpActionsTest {
    private ApplySmtpActions mailet;

    @BeforeEach
    void setUp() throws Exception {
        mailet = new ApplySmtpActions();
        mailet.init(FakeMailetConfig.builder().mailetName("ApplySmtpActions").setProperty("holdProcessor", "hold").build());
    }

    @Test
    void serviceShouldLeaveMailWithoutActionsAlone() throws Exception {
        FakeMail mail = mail();
        String state = mail.getState();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(state);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@example.test"), new MailAddress("carol@example.test"));
    }

    @Test
    void discardShouldDropTheWholeMessageAndWinOverHold() throws Exception {
        FakeMail mail = mail("HOLD later", "DISCARD spam trap");

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void holdShouldSendTheMessageToTheHoldProcessorOnceAndForgetTheActions() throws Exception {
        FakeMail mail = mail("HOLD suspicious");

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("hold");
        assertThat(mail.getAttribute(AttributeName.of(ApplySmtpActions.ACTIONS))).isEmpty();
        mail.setState(Mail.DEFAULT);
        mailet.service(mail);
        assertThat(mail.getState()).as("a released message is not held again").isEqualTo(Mail.DEFAULT);
    }

    @Test
    void lastRedirectShouldReplaceEveryRecipientAndOverrideFilter() throws Exception {
        FakeMail mail = mail("REDIRECT first@example.test", "FILTER smtp:[127.0.0.1]:10025", "REDIRECT last@example.test");

        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("last@example.test"));
        assertThat(mail.getAttribute(AttributeName.of(ApplySmtpActions.FILTER))).isEmpty();
    }

    @Test
    void lastFilterShouldBeRecordedForTheTransportRouter() throws Exception {
        FakeMail mail = mail("FILTER smtp:[127.0.0.1]:10025", "FILTER scan:[127.0.0.1]:10026");

        mailet.service(mail);

        assertThat(mail.getAttribute(AttributeName.of(ApplySmtpActions.FILTER)).map(attribute -> (Object) attribute.getValue().value()))
            .contains("scan:[127.0.0.1]:10026");
    }

    @Test
    void lastBccShouldAddOneRecipient() throws Exception {
        FakeMail mail = mail("BCC one@example.test", "BCC archive@example.test");

        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@example.test"),
            new MailAddress("carol@example.test"), new MailAddress("archive@example.test"));
    }

    @Test
    void prependShouldPutHeadersOnTopInTheOrderTheyFired() throws Exception {
        FakeMail mail = mail("PREPEND X-First: 1", "PREPEND X-Second: 2");

        mailet.service(mail);

        List<String> headers = java.util.Collections.list(mail.getMessage().getAllHeaderLines());
        assertThat(headers.subList(0, 3)).containsExactly("X-First: 1", "X-Second: 2", "Received: from client.example by mail.example.test");
        assertThat(mail.getMessage().getSubject()).isEqualTo("test");
    }

    @Test
    void badRedirectAddressShouldSkipOnlyThatAction() throws Exception {
        FakeMail mail = mail("REDIRECT not an address", "BCC archive@example.test");

        mailet.service(mail);

        assertThat(mail.getRecipients()).hasSize(3);
    }

    private static FakeMail mail(String... actions) throws Exception {
        FakeMail mail = FakeMail.builder()
            .name("mail1")
            .sender("alice@example.test")
            .recipients("bob@example.test", "carol@example.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("Received", "from client.example by mail.example.test")
                .setSubject("test")
                .setText("body"))
            .build();
        if (actions.length > 0) {
            Collection<AttributeValue<?>> values = Arrays.stream(actions).map(AttributeValue::of).collect(Collectors.toList());
            mail.setAttribute(new Attribute(AttributeName.of(ApplySmtpActions.ACTIONS), AttributeValue.of(values)));
        }
        return mail;
    }
}
