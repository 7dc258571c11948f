package org.jamesfix.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.jamesfix.config.MainCf;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientInMynetworksTest {
    private ClientInMynetworks matcher;

    @BeforeEach
    void setUp() throws Exception {
        Policy policy = Policy.of(MainCf.parse("mynetworks = !127.0.0.5, 127.0.0.0/29, [::1]/128\n", "main.cf"),
            TableRegistry.standard(Path.of(".")));
        matcher = new ClientInMynetworks(policy);
        matcher.init(FakeMatcherConfig.builder().matcherName("ClientInMynetworks").build());
    }

    @Test
    void matchShouldReturnAllRecipientsWhenClientIsTrusted() throws Exception {
        FakeMail mail = mailFrom("127.0.0.1");

        assertThat(matcher.match(mail)).containsExactlyInAnyOrder(
            new MailAddress("a@outside.example"), new MailAddress("b@example.test"));
    }

    @Test
    void matchShouldReturnNoRecipientWhenClientIsOutsideMynetworks() throws Exception {
        assertThat(matcher.match(mailFrom("127.0.0.9"))).isEmpty();
    }

    @Test
    void matchShouldHonourExclusions() throws Exception {
        assertThat(matcher.match(mailFrom("127.0.0.5"))).isEmpty();
    }

    @Test
    void matchShouldAcceptIpv6Clients() throws Exception {
        assertThat(matcher.match(mailFrom("0:0:0:0:0:0:0:1"))).hasSize(2);
    }

    private static FakeMail mailFrom(String remoteAddr) throws Exception {
        return FakeMail.builder()
            .name("mail")
            .remoteAddr(remoteAddr)
            .recipients(new MailAddress("a@outside.example"), new MailAddress("b@example.test"))
            .build();
    }
}
