package org.jamesfix.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;

/**
 * Start-up errors of the restriction lists: each names main.cf's file and line and uses Postfix
 * 3.7's words where Postfix has them (smtpd's fatal relay-control message, "unknown smtpd
 * restriction", "restriction class `NAME' needs a definition").
 */
class SmtpdRestrictionsLoadTest {

    private static SmtpdRestrictions load(String mainCf) {
        Policy policy = Policy.of(MainCf.parse(mainCf, "/etc/jamesfix/main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")),
            TableRegistry.standard(Path.of(".")));
        return SmtpdRestrictions.load(policy);
    }

    @Test
    void loadShouldRefuseAnUnknownRestrictionWithFileAndLine() {
        assertThatThrownBy(() -> load("myhostname = mail.example.com\nsmtpd_recipient_restrictions = permit_mynetworks,\n"
                + "  reject_unauth_destinaton\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("/etc/jamesfix/main.cf, line 2: unknown smtpd restriction: \"reject_unauth_destinaton\" "
                + "(in parameter smtpd_recipient_restrictions)");
    }

    @Test
    void loadShouldRefuseListsWithoutRelayControlInPostfixWords() {
        assertThatThrownBy(() -> load("smtpd_relay_restrictions = permit_mynetworks\nsmtpd_recipient_restrictions = permit\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("/etc/jamesfix/main.cf, line 1: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, "
                + "specify at least one working instance of: reject_unauth_destination, defer_unauth_destination, reject, "
                + "defer, defer_if_permit or check_relay_domains");
    }

    @Test
    void loadShouldAcceptRelayControlInTheRecipientListAlone() {
        assertThat(load("smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n")
            .delaysReject()).isTrue();
    }

    @Test
    void loadShouldRefuseDnsBasedRestrictionsAsUnsupported() {
        assertThatThrownBy(() -> load("smtpd_client_restrictions = reject_rbl_client zen.example\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("/etc/jamesfix/main.cf, line 1: restriction \"reject_rbl_client\" is not supported by Jamesfix");
    }

    @Test
    void loadShouldRefuseARestrictionClassWithoutDefinition() {
        assertThatThrownBy(() -> load("smtpd_restriction_classes = strict\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("/etc/jamesfix/main.cf, line 1: restriction class `strict' needs a definition");
    }

    @Test
    void loadShouldRefuseAnAccessCheckWithoutTable() {
        assertThatThrownBy(() -> load("smtpd_sender_restrictions = check_sender_access\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("/etc/jamesfix/main.cf, line 1: restriction check_sender_access: bad argument \"\": need maptype:mapname "
                + "(in parameter smtpd_sender_restrictions)");
    }

    @Test
    void loadShouldLocateABadTableAtItsParameter() {
        assertThatThrownBy(() -> load("\nsmtpd_client_restrictions = check_client_access nosuchtype:/x\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("/etc/jamesfix/main.cf, line 2: ");
    }

    @Test
    void checkShouldTakeRestrictionNamesCaseInsensitively() {
        SmtpdRestrictions engine = load("smtpd_recipient_restrictions = PERMIT_MYNETWORKS, Reject_Unauth_Destination\n");
        Decision decision = engine.check(Stage.RCPT, SessionFacts.connect("192.0.2.1", "unknown").withHeloName("h.example").withProtocol(true)
            .withSender("a@b.example").withRecipient("x@foreign.example"));
        assertThat(decision.reply()).map(Reply::toString).contains("454 4.7.1 <x@foreign.example>: Relay access denied");
    }
}
