package org.jamesfix.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.config.Parameters;
import org.junit.jupiter.api.Test;

/**
 * The listener's AUTH rules without a server. Expected replies were recorded from Postfix 3.7.11
 * with Cyrus SASL (sasldb, mech_list PLAIN LOGIN); the whole dialogue over real SMTP is
 * distribution's SaslSessionsTest, whose sessions.ref the recording script wrote.
 */
class SmtpdSaslTest {
    private static final SmtpdSasl.Session FRESH_TLS = new SmtpdSasl.Session(true, true, false, false);

    private static Parameters mainCf(String text) {
        return MainCf.parse(text, "/etc/jamesfix/main.cf", HostFacts.of("mail.example.test", "127.0.0.1/8"));
    }

    private static SmtpdSasl sasl(String text) {
        return SmtpdSasl.from(mainCf(text));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String reply(SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            return challenge.reply().toString();
        }
        if (step instanceof SaslStep.Finished finished) {
            return finished.reply().toString();
        }
        SaslStep.Verify verify = (SaslStep.Verify) step;
        return "verify " + verify.username() + " / " + verify.password();
    }

    private static SaslStep answer(SaslStep step, String line) {
        return ((SaslStep.Challenge) step).next().respond(line);
    }

    @Test
    void defaultsShouldOfferNoAuth() {
        SmtpdSasl sasl = sasl("");

        assertThat(sasl.ehloLines(false)).isEmpty();
        assertThat(sasl.ehloLines(true)).isEmpty();
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN"))).isEqualTo("503 5.5.1 Error: authentication not enabled");
    }

    @Test
    void authEnabledShouldOfferPlainAndLoginWithAndWithoutTls() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\n");

        assertThat(sasl.ehloLines(false)).containsExactly("AUTH PLAIN LOGIN");
        assertThat(sasl.ehloLines(true)).containsExactly("AUTH PLAIN LOGIN");
    }

    @Test
    void tlsAuthOnlyShouldOfferAuthAfterTlsOnly() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n");

        assertThat(sasl.ehloLines(false)).isEmpty();
        assertThat(reply(sasl.auth(new SmtpdSasl.Session(true, false, false, false), "PLAIN")))
            .isEqualTo("503 5.5.1 Error: authentication not enabled");
        assertThat(sasl.ehloLines(true)).containsExactly("AUTH PLAIN LOGIN");
    }

    @Test
    void encryptLevelShouldImplyAuthOnlyOverTls() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\nsmtpd_tls_security_level = encrypt\n");

        assertThat(sasl.ehloLines(false)).isEmpty();
        assertThat(sasl.ehloLines(true)).containsExactly("AUTH PLAIN LOGIN");
    }

    @Test
    void brokenClientsShouldAddTheOldAuthEqualsLine() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\nbroken_sasl_auth_clients = yes\n");

        assertThat(sasl.ehloLines(true)).containsExactly("AUTH PLAIN LOGIN", "AUTH=PLAIN LOGIN");
    }

    @Test
    void unknownSecurityOptionShouldStopStartupNamingParameterAndLine() {
        assertThatThrownBy(() -> sasl("smtpd_sasl_auth_enable = yes\nsmtpd_sasl_security_options = noanonymous, bogus\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("/etc/jamesfix/main.cf, line 2: unknown SASL security option \"bogus\" in "
                + "smtpd_sasl_security_options = noanonymous, bogus");
    }

    @Test
    void securityOptionsShouldBeCaseSensitiveAsInPostfix() {
        // Postfix 3.7.11: warning: unknown SASL security options value "NOANONYMOUS" in "NOANONYMOUS"
        assertThatThrownBy(() -> sasl("smtpd_sasl_tls_security_options = NOANONYMOUS\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("unknown SASL security option \"NOANONYMOUS\" in smtpd_sasl_tls_security_options");
    }

    @Test
    void unknownSecurityOptionShouldStopStartupEvenWhenAuthIsDisabled() {
        assertThatThrownBy(() -> sasl("smtpd_sasl_tls_security_options = noplaintext bogus\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("line 1: unknown SASL security option \"bogus\"");
    }

    @Test
    void everyOptionButNoanonymousShouldLeaveNoMechanism() {
        for (String option : List.of("noplaintext", "noactive", "nodictionary", "forward_secrecy", "mutual_auth")) {
            assertThatThrownBy(() -> sasl("smtpd_sasl_auth_enable = yes\nsmtpd_sasl_tls_security_options = noanonymous, " + option + "\n"))
                .as(option)
                .isInstanceOf(ConfigException.class)
                .hasMessage("/etc/jamesfix/main.cf, line 2: smtpd_sasl_tls_security_options = noanonymous, " + option
                    + " leaves no SASL mechanism: James verifies only PLAIN and LOGIN, which send the password itself"
                    + " (Postfix's smtpd would stop with \"fatal: no SASL authentication mechanisms\")");
        }
    }

    @Test
    void noplaintextBeforeTlsShouldBeFineWhenAuthNeedsTlsAnyway() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n"
            + "smtpd_sasl_security_options = noanonymous, noplaintext\nsmtpd_sasl_tls_security_options = noanonymous\n");

        assertThat(sasl.ehloLines(false)).isEmpty();
        assertThat(sasl.ehloLines(true)).containsExactly("AUTH PLAIN LOGIN");
    }

    @Test
    void noplaintextBeforeTlsShouldStopStartupWhenAuthIsOfferedInPlaintext() {
        assertThatThrownBy(() -> sasl("smtpd_sasl_auth_enable = yes\nsmtpd_sasl_security_options = noplaintext\n"
                + "smtpd_sasl_tls_security_options = noanonymous\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("/etc/jamesfix/main.cf, line 2: smtpd_sasl_security_options = noplaintext leaves no SASL mechanism");
    }

    @Test
    void tlsOptionsShouldDefaultToThePlaintextOnes() {
        assertThatThrownBy(() -> sasl("smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\nsmtpd_sasl_security_options = noplaintext\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("default value: smtpd_sasl_tls_security_options = noplaintext leaves no SASL mechanism");
    }

    @Test
    void listenerOverrideShouldBeNamedInTheError() {
        Parameters parameters = mainCf("smtpd_sasl_auth_enable = yes\n")
            .withOverrides(Map.of("smtpd_sasl_security_options", "nodictionary"), "smtpserver.xml handler SmtpdPolicy");

        assertThatThrownBy(() -> SmtpdSasl.from(parameters))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("smtpserver.xml handler SmtpdPolicy: smtpd_sasl_security_options = nodictionary leaves no");
    }

    @Test
    void authShouldBeCheckedInPostfixOrder() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\nsmtpd_helo_required = yes\n");

        assertThat(reply(sasl.auth(new SmtpdSasl.Session(false, true, true, true), "PLAIN")))
            .isEqualTo("503 5.5.1 Error: send HELO/EHLO first");
        assertThat(reply(sasl.auth(new SmtpdSasl.Session(true, true, true, true), "PLAIN")))
            .isEqualTo("503 5.5.1 Error: MAIL transaction in progress");
        assertThat(reply(sasl.auth(new SmtpdSasl.Session(true, true, false, true), null)))
            .isEqualTo("503 5.5.1 Error: already authenticated");
        assertThat(reply(sasl.auth(FRESH_TLS, null))).isEqualTo("501 5.5.4 Syntax: AUTH mechanism");
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN a b"))).isEqualTo("501 5.5.4 Syntax: AUTH mechanism");
        assertThat(reply(sasl.auth(FRESH_TLS, "CRAM-MD5"))).isEqualTo("535 5.7.8 Error: authentication failed: no mechanism available");
        assertThat(reply(sasl.auth(FRESH_TLS, "ANONYMOUS eA=="))).isEqualTo("535 5.7.8 Error: authentication failed: no mechanism available");
    }

    @Test
    void authWithoutHeloShouldBeAllowedByDefault() {
        assertThat(reply(sasl("smtpd_sasl_auth_enable = yes\n").auth(new SmtpdSasl.Session(false, true, false, false), "plain")))
            .isEqualTo("334 ");
    }

    @Test
    void plainShouldAskForCredentialsOrTakeTheInitialResponse() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\n");

        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN " + base64("\0alice@example.test\0alice-secret"))))
            .isEqualTo("verify alice@example.test / alice-secret");
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN " + base64("alice@example.test\0alice@example.test\0alice-secret"))))
            .isEqualTo("verify alice@example.test / alice-secret");
        SaslStep challenge = sasl.auth(FRESH_TLS, "PLAIN");
        assertThat(reply(challenge)).isEqualTo("334 ");
        assertThat(reply(answer(challenge, base64("\0alice@example.test\0alice-secret")))).isEqualTo("verify alice@example.test / alice-secret");
    }

    @Test
    void plainShouldRefuseMalformedMessagesAsCyrusDoes() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\n");

        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN " + base64("alice@example.test"))))
            .isEqualTo("535 5.7.8 Error: authentication failed: bad protocol / cancel");
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN " + base64("alice@example.test\0alice-secret"))))
            .isEqualTo("535 5.7.8 Error: authentication failed: bad protocol / cancel");
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN " + base64("\0alice@example.test\0alice-secret\0"))))
            .isEqualTo("535 5.7.8 Error: authentication failed: bad protocol / cancel");
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN " + base64("\0\0alice-secret"))))
            .isEqualTo("454 4.7.0 Temporary authentication failure: generic failure");
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN " + base64("bob@example.test\0alice@example.test\0alice-secret"))))
            .isEqualTo("535 5.7.8 Error: authentication failed: authentication failure");
        assertThat(reply(answer(sasl.auth(FRESH_TLS, "PLAIN"), ""))).isEqualTo("535 5.7.8 Error: authentication failed: bad protocol / cancel");
    }

    @Test
    void malformedBase64ShouldGetCyrusReasons() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\n");
        String bad = "535 5.7.8 Error: authentication failed: bad protocol / cancel";
        String incomplete = "535 5.7.8 Error: authentication failed: another step is needed in authentication";

        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN !!!!"))).isEqualTo(bad);
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN YWJjZA==YWJj"))).isEqualTo(bad);
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN YWJjZA=x"))).isEqualTo(bad);
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABhbGljZS1zZWNyZXQ=="))).isEqualTo(bad);
        assertThat(reply(answer(sasl.auth(FRESH_TLS, "PLAIN"), "not-base64!"))).isEqualTo(bad);
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN YWJj="))).isEqualTo(incomplete);
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN ="))).isEqualTo(incomplete);
        assertThat(reply(sasl.auth(FRESH_TLS, "PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABhbGljZS1zZWNyZXQ"))).isEqualTo(incomplete);
        assertThat(reply(sasl.auth(FRESH_TLS, "LOGIN ="))).isEqualTo(incomplete);
    }

    @Test
    void loginShouldAskForUserThenPassword() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\n");

        SaslStep user = sasl.auth(FRESH_TLS, "LOGIN");
        assertThat(reply(user)).isEqualTo("334 VXNlcm5hbWU6");
        SaslStep password = answer(user, base64("alice@example.test"));
        assertThat(reply(password)).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(reply(answer(password, base64("alice-secret")))).isEqualTo("verify alice@example.test / alice-secret");
        assertThat(reply(answer(sasl.auth(FRESH_TLS, "LOGIN " + base64("alice@example.test")), ""))).isEqualTo("verify alice@example.test / ");
        assertThat(reply(answer(answer(sasl.auth(FRESH_TLS, "LOGIN"), ""), base64("alice-secret"))))
            .isEqualTo("454 4.7.0 Temporary authentication failure: generic failure");
    }

    @Test
    void starShouldAbortAtEveryChallenge() {
        SmtpdSasl sasl = sasl("smtpd_sasl_auth_enable = yes\n");

        assertThat(reply(answer(sasl.auth(FRESH_TLS, "PLAIN"), "*"))).isEqualTo("501 5.7.0 Authentication aborted");
        assertThat(reply(answer(sasl.auth(FRESH_TLS, "LOGIN"), "*"))).isEqualTo("501 5.7.0 Authentication aborted");
        assertThat(reply(answer(answer(sasl.auth(FRESH_TLS, "LOGIN"), base64("alice@example.test")), "*")))
            .isEqualTo("501 5.7.0 Authentication aborted");
    }
}
