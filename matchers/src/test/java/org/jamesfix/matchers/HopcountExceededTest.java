package org.jamesfix.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

/** hopcount_limit after the queue: Received: headers at or over the limit match every recipient. */
class HopcountExceededTest {

    @Test
    void matchShouldTakeTheLimitFromMainCf() throws Exception {
        HopcountExceeded matcher = matcher("hopcount_limit = 3\n", null);

        assertThat(matcher.match(mail(2))).isEmpty();
        assertThat(matcher.match(mail(3))).hasSize(2);
    }

    @Test
    void matchShouldUsePostfixDefaultOf50() throws Exception {
        HopcountExceeded matcher = matcher("", null);

        assertThat(matcher.match(mail(49))).isEmpty();
        assertThat(matcher.match(mail(50))).hasSize(2);
    }

    @Test
    void conditionShouldOverrideMainCf() throws Exception {
        assertThat(matcher("", "2").match(mail(2))).hasSize(2);
    }

    @Test
    void badConditionShouldStopStartup() {
        assertThatThrownBy(() -> matcher("", "many")).isInstanceOf(MessagingException.class).hasMessageContaining("\"many\"");
    }

    private static HopcountExceeded matcher(String mainCf, String condition) throws MessagingException {
        HopcountExceeded matcher = new HopcountExceeded(Policies.of(mainCf));
        matcher.init(FakeMatcherConfig.builder().matcherName("HopcountExceeded").condition(condition).build());
        return matcher;
    }

    private static Mail mail(int received) throws MessagingException {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder().setSubject("loop").setText("hello");
        for (int i = 0; i < received; i++) {
            message.addHeader("Received", "from h" + i + ".example by h" + (i + 1) + ".example");
        }
        return FakeMail.builder().name("m").sender("s@outside.example").recipients("a@example.test", "b@example.test")
            .mimeMessage(message).build();
    }
}
