package org.jamesfix.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;

/** OwnAddressLiterals, SystemAliases and BounceSizeLimit over a real policy from main.cf text. */
class PipelineMailetsTest {
    private static final String MAIN_CF = "myhostname = mail.example.test\nmydomain = example.test\nmyorigin = $mydomain\n"
        + "mydestination = example.test, localhost\ninet_interfaces = 127.0.0.1\nbounce_size_limit = 1000\n";
    private static final Policy POLICY = Policy.of(MainCf.parse(MAIN_CF, "main.cf", HostFacts.of("mail.example.test", "127.0.0.1/8")),
        TableRegistry.standard(Path.of(".")));

    @Test
    void ownAddressLiteralsShouldMakeOwnLiteralsLocalAndLeaveOthers() throws Exception {
        OwnAddressLiterals mailet = new OwnAddressLiterals(POLICY);
        mailet.init(config("OwnAddressLiterals").build());
        Mail mail = mail("postmaster@[127.0.0.1]", "bob@[127.0.0.2]", "carol@example.test", "dave@outside.example");

        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("postmaster@example.test"), new MailAddress("bob@[127.0.0.2]"),
            new MailAddress("carol@example.test"), new MailAddress("dave@outside.example"));
    }

    @Test
    void systemAliasesShouldSendSystemLocalPartsOfLocalDomainsToTarget() throws Exception {
        SystemAliases mailet = new SystemAliases(POLICY);
        mailet.init(config("SystemAliases").setProperty("target", "alice@example.test").build());
        Mail mail = mail("postmaster@example.test", "MAILER-DAEMON@localhost", "Double-Bounce@example.test",
            "postmaster@outside.example", "postmaster+x@example.test", "abuse@example.test");

        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("alice@example.test"), new MailAddress("postmaster@outside.example"),
            new MailAddress("postmaster+x@example.test"), new MailAddress("abuse@example.test"));
    }

    @Test
    void systemAliasesShouldRefuseToStartWithoutTarget() {
        SystemAliases mailet = new SystemAliases(POLICY);

        assertThatThrownBy(() -> mailet.init(config("SystemAliases").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("<target>");
    }

    @Test
    void bounceSizeLimitShouldAskForHeadersOnlyWhenOverTheLimit() throws Exception {
        BounceSizeLimit mailet = new BounceSizeLimit(POLICY);
        mailet.init(config("BounceSizeLimit").build());
        Mail large = sized(1001);
        Mail small = sized(1000);

        mailet.service(large);
        mailet.service(small);

        assertThat(large.dsnParameters().flatMap(DsnParameters::getRetParameter)).contains(DsnParameters.Ret.HDRS);
        assertThat(small.dsnParameters()).isEqualTo(Optional.empty());
    }

    @Test
    void bounceSizeLimitShouldOverrideAClientsRetFullAndKeepEnvid() throws Exception {
        BounceSizeLimit mailet = new BounceSizeLimit(POLICY);
        mailet.init(config("BounceSizeLimit").setProperty("bounce_size_limit", "10").build());
        Mail mail = sized(11);
        mail.setDsnParameters(DsnParameters.builder().ret(DsnParameters.Ret.FULL).envId(DsnParameters.EnvId.of("id-1")).build().orElseThrow());

        mailet.service(mail);

        assertThat(mail.dsnParameters().flatMap(DsnParameters::getRetParameter)).contains(DsnParameters.Ret.HDRS);
        assertThat(mail.dsnParameters().flatMap(DsnParameters::getEnvIdParameter)).contains(DsnParameters.EnvId.of("id-1"));
    }

    @Test
    void bounceSizeLimitZeroShouldMeanNoLimit() throws Exception {
        BounceSizeLimit mailet = new BounceSizeLimit(POLICY);
        mailet.init(config("BounceSizeLimit").setProperty("bounce_size_limit", "0").build());
        Mail mail = sized(100000);

        mailet.service(mail);

        assertThat(mail.dsnParameters()).isEmpty();
    }

    private static FakeMailetConfig.Builder config(String name) {
        return FakeMailetConfig.builder().mailetName(name).mailetContext(FakeMailContext.defaultContext());
    }

    private static Mail sized(long size) throws MessagingException {
        return FakeMail.builder().name("m1").sender("sender@outside.example").recipient("bob@outside.example").size(size)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("test").setText("hello")).build();
    }

    private static Mail mail(String... recipients) throws MessagingException {
        return FakeMail.builder().name("m1").sender("sender@outside.example").recipients(recipients)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("test").setText("hello")).build();
    }
}
