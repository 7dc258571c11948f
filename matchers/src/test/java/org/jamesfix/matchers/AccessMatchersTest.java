package org.jamesfix.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.ReloadableTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SenderAccess and RecipientAccess over real policies. The key order and the actions are
 * Postfix 3.7.11's check_sender_access / check_recipient_access (POSTFIX-FACTS "access(5)
 * lookups", recorded from Postfix 3.7.11): full address, domain and parents, user@; the null
 * sender as "<>" or smtpd_null_access_lookup_key; DEFER_IF_PERMIT alone defers, DEFER_IF_REJECT
 * alone does nothing.
 */
class AccessMatchersTest {
    private static final String MAIN_CF = "myhostname = mail.example.com\nmydestination = $myhostname, example.com\n"
        + "mynetworks = 127.0.0.0/8\nrecipient_delimiter = +\n";
    private static final String TABLE = "inline:{ {spammer@bad.example = REJECT} {bad.example = 550 go away} {<> = REJECT} "
        + "{good.bad.example = OK} {held@example.com = HOLD review} {dropped@example.com = DISCARD} "
        + "{copy@example.com = BCC archive@example.com} {user@ = DEFER} {later@example.com = DEFER_IF_PERMIT} "
        + "{maybe@example.com = DEFER_IF_REJECT} {trusted.example = permit_mynetworks, reject} "
        + "{mx.example = reject_unauth_destination} {weird.example = FROBNICATE} }";

    @TempDir
    Path conf;

    private static <T extends AccessTableMatcher> T init(T matcher, String name, String condition) throws MessagingException {
        matcher.init(FakeMatcherConfig.builder().matcherName(name).condition(condition).build());
        return matcher;
    }

    private static SenderAccess sender(String mainCf, String condition) throws MessagingException {
        return init(new SenderAccess(Policies.of(mainCf)), "SenderAccess", condition);
    }

    private static RecipientAccess recipient(String mainCf, String condition) throws MessagingException {
        return init(new RecipientAccess(Policies.of(mainCf)), "RecipientAccess", condition);
    }

    private static Mail mail(String client, MaybeSender sender, String... recipients) throws MessagingException {
        return FakeMail.builder().name("mail").remoteAddr(client).sender(sender).recipients(recipients).build();
    }

    private static Mail mailFrom(String sender) throws Exception {
        return mail("192.0.2.1", MaybeSender.getMailSender(sender), "a@example.com", "b@foreign.example");
    }

    private static Collection<MailAddress> matchSender(SenderAccess matcher, String sender) throws Exception {
        return matcher.match(mailFrom(sender));
    }

    @Test
    void senderAccessShouldMatchEveryRecipientWhenTheTableRefusesTheSender() throws Exception {
        SenderAccess matcher = sender(MAIN_CF, TABLE);

        assertThat(matchSender(matcher, "spammer@bad.example")).hasSize(2);
        assertThat(matchSender(matcher, "Spammer+promo@BAD.example")).as("case and extension").hasSize(2);
        assertThat(matchSender(matcher, "other@bad.example")).as("domain key").hasSize(2);
        assertThat(matchSender(matcher, "other@deep.sub.bad.example")).as("parent domain").hasSize(2);
        assertThat(matchSender(matcher, "other@good.bad.example")).as("OK on a more specific domain").isEmpty();
        assertThat(matchSender(matcher, "user@anywhere.example")).as("user@ key, DEFER").hasSize(2);
        assertThat(matchSender(matcher, "later@example.com")).as("DEFER_IF_PERMIT alone").hasSize(2);
        assertThat(matchSender(matcher, "maybe@example.com")).as("DEFER_IF_REJECT alone").isEmpty();
        assertThat(matchSender(matcher, "someone@example.com")).as("not in the table").isEmpty();
        assertThat(matchSender(matcher, "<>")).as("null sender as <>").hasSize(2);
    }

    @Test
    void nullSenderShouldUseSmtpdNullAccessLookupKey() throws Exception {
        SenderAccess matcher = sender(MAIN_CF + "smtpd_null_access_lookup_key = mailer-daemon@example.com\n",
            "inline:{ {<> = REJECT} {mailer-daemon@example.com = REJECT} }");
        SenderAccess angle = sender(MAIN_CF + "smtpd_null_access_lookup_key = mailer-daemon@example.com\n", "inline:{ {<> = REJECT} }");

        assertThat(matchSender(matcher, "<>")).hasSize(2);
        assertThat(matchSender(angle, "<>")).isEmpty();
    }

    @Test
    void parentDomainsShouldNeedALeadingDotWithoutSmtpdAccessMapsInParentDomainMatchesSubdomains() throws Exception {
        SenderAccess matcher = sender(MAIN_CF + "parent_domain_matches_subdomains =\n", "inline:{ {bad.example = REJECT} {.dot.example = REJECT} }");

        assertThat(matchSender(matcher, "x@bad.example")).hasSize(2);
        assertThat(matchSender(matcher, "x@sub.bad.example")).isEmpty();
        assertThat(matchSender(matcher, "x@sub.dot.example")).hasSize(2);
    }

    @Test
    void recipientAccessShouldMatchOnlyTheRefusedRecipients() throws Exception {
        RecipientAccess matcher = recipient(MAIN_CF, TABLE);
        Mail mail = mail("192.0.2.1", MaybeSender.getMailSender("s@client.example"),
            "spammer@bad.example", "x@good.bad.example", "held@example.com", "user+tag@elsewhere.example", "fine@example.com");

        assertThat(matcher.match(mail)).containsExactly(new MailAddress("spammer@bad.example"), new MailAddress("user+tag@elsewhere.example"));
    }

    @Test
    void outcomesShouldChooseWhatMatches() throws Exception {
        Mail mail = mail("192.0.2.1", MaybeSender.getMailSender("s@client.example"), "spammer@bad.example", "user@x.example",
            "held@example.com", "dropped@example.com", "copy@example.com", "x@good.bad.example", "fine@example.com");

        assertThat(recipient(MAIN_CF, TABLE + " reject").match(mail)).containsExactly(new MailAddress("spammer@bad.example"));
        assertThat(recipient(MAIN_CF, TABLE + ", DEFER").match(mail)).containsExactly(new MailAddress("user@x.example"));
        assertThat(recipient(MAIN_CF, TABLE + " hold").match(mail)).containsExactly(new MailAddress("held@example.com"));
        assertThat(recipient(MAIN_CF, TABLE + " discard").match(mail)).containsExactly(new MailAddress("dropped@example.com"));
        assertThat(recipient(MAIN_CF, TABLE + " bcc").match(mail)).containsExactly(new MailAddress("copy@example.com"));
        assertThat(recipient(MAIN_CF, TABLE + " permit").match(mail)).containsExactly(new MailAddress("x@good.bad.example"));
        assertThat(recipient(MAIN_CF, TABLE + " hold discard").match(mail))
            .containsExactly(new MailAddress("held@example.com"), new MailAddress("dropped@example.com"));
    }

    @Test
    void restrictionListValuesShouldSeeTheClientAndTheRecipient() throws Exception {
        SenderAccess matcher = sender(MAIN_CF + "relay_domains = relay.example\n", TABLE);

        assertThat(matcher.match(mail("192.0.2.1", MaybeSender.getMailSender("x@trusted.example"), "a@example.com"))).hasSize(1);
        assertThat(matcher.match(mail("127.0.0.1", MaybeSender.getMailSender("x@trusted.example"), "a@example.com"))).isEmpty();
        assertThat(matcher.match(mail("0:0:0:0:0:0:0:1", MaybeSender.getMailSender("x@trusted.example"), "a@example.com")))
            .as("::1 is not in mynetworks here").hasSize(1);
        assertThat(matcher.match(mail("192.0.2.1", MaybeSender.getMailSender("x@mx.example"), "a@example.com", "b@relay.example",
            "c@foreign.example"))).containsExactly(new MailAddress("c@foreign.example"));
    }

    @Test
    void permitSaslAuthenticatedShouldReadTheSmtpLoginAttribute() throws Exception {
        SenderAccess matcher = sender(MAIN_CF + "smtpd_sasl_auth_enable = yes\n",
            "inline:{ {example.com = permit_sasl_authenticated, reject} }");
        Mail anonymous = mail("192.0.2.1", MaybeSender.getMailSender("alice@example.com"), "x@foreign.example");
        Mail loggedIn = mail("192.0.2.1", MaybeSender.getMailSender("alice@example.com"), "x@foreign.example");
        loggedIn.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice@example.com")));

        assertThat(matcher.match(anonymous)).hasSize(1);
        assertThat(matcher.match(loggedIn)).isEmpty();
    }

    @Test
    void aFailingTableShouldCountAsARefusalNotAsAPermit() throws Exception {
        Mail mail = mail("192.0.2.1", MaybeSender.getMailSender("s@client.example"), "a@example.com");

        assertThat(recipient(MAIN_CF, "failing:x").match(mail)).hasSize(1);
        assertThat(recipient(MAIN_CF, "failing:x defer").match(mail)).hasSize(1);
        assertThat(recipient(MAIN_CF, "failing:x permit").match(mail)).isEmpty();
    }

    @Test
    void aBadTableValueShouldCountAsADeferral() throws Exception {
        // Postfix 3.7.11: an unknown action gives "451 4.3.5 Server configuration error".
        Mail mail = mail("192.0.2.1", MaybeSender.getMailSender("x@weird.example"), "a@example.com");

        assertThat(sender(MAIN_CF, TABLE + " defer").match(mail)).hasSize(1);
    }

    @Test
    void tablesShouldBeOpenedThroughThePolicySoTheyReload() throws Exception {
        Path table = Files.writeString(conf.resolve("sender_access"), "spammer@bad.example REJECT\n");
        Policy policy = Policies.of(MAIN_CF, conf);
        SenderAccess matcher = init(new SenderAccess(policy), "SenderAccess", "texthash:sender_access");

        assertThat(matchSender(matcher, "spammer@bad.example")).hasSize(2);
        assertThat(matchSender(matcher, "newcomer@bad.example")).isEmpty();

        // What the server's TableReloader does on each poll: a change is taken once it has settled.
        Files.writeString(table, "spammer@bad.example OK\nnewcomer@bad.example REJECT\n");
        ReloadableTable watched = policy.tables().find("texthash:sender_access").orElseThrow();
        assertThat(watched.reloadIfChanged()).isEqualTo(ReloadableTable.Outcome.CHANGING);
        assertThat(watched.reloadIfChanged()).isEqualTo(ReloadableTable.Outcome.RELOADED);

        assertThat(matchSender(matcher, "spammer@bad.example")).isEmpty();
        assertThat(matchSender(matcher, "newcomer@bad.example")).hasSize(2);
    }

    @Test
    void initShouldExplainBadConditions() {
        assertThatThrownBy(() -> recipient(MAIN_CF, null)).isInstanceOf(MessagingException.class)
            .hasMessage("matcher RecipientAccess needs an access table: RecipientAccess=type:name [outcome ...]");
        assertThatThrownBy(() -> recipient(MAIN_CF, "  ")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("needs an access table");
        assertThatThrownBy(() -> sender(MAIN_CF, "/etc/postfix/access")).isInstanceOf(MessagingException.class)
            .hasMessage("matcher SenderAccess: \"/etc/postfix/access\" is not a table (type:name)");
        assertThatThrownBy(() -> recipient(MAIN_CF, "inline:{a=REJECT} refuse")).isInstanceOf(MessagingException.class)
            .hasMessage("matcher RecipientAccess inline:{a=REJECT}: unknown outcome \"refuse\" (use reject, defer, permit, hold, "
                + "discard, redirect, bcc, filter, prepend)");
        assertThatThrownBy(() -> recipient(MAIN_CF, "nosuchtype:x")).isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("matcher RecipientAccess: table nosuchtype:x: ")
            .hasMessageContaining("nosuchtype");
        assertThatThrownBy(() -> init(new RecipientAccess(Policies.of(MAIN_CF, conf)), "RecipientAccess", "texthash:missing_table"))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("matcher RecipientAccess: table texthash:missing_table: ")
            .hasMessageContaining("missing_table");
        assertThatThrownBy(() -> recipient(MAIN_CF + "smtpd_recipient_restrictions = frobnicate\n", "inline:{a=REJECT}"))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("matcher RecipientAccess: ")
            .hasMessageContaining("unknown smtpd restriction: \"frobnicate\"");
    }
}
