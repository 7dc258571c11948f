package org.jamesfix.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jamesfix.testing.SmtpDialog.lastLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jamesfix.testing.InProcessJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * main.cf reaches every listener through the Jamesfix module: each test starts its own James
 * (one at a time: James registers JMX names per JVM) with an edited copy of the shipped conf.
 */
class MainCfWiringTest {
    private static final String ALICE = "alice@example.test";
    private static final String ALICE_PASSWORD = "alice-secret";

    @Test
    void mainCfShouldDecideWhetherAuthNeedsTls(@TempDir Path otherWorkDir) throws Exception {
        try (InProcessJamesfix relaxed = InProcessJamesfix.start(otherWorkDir,
                conf -> replaceInFile(conf.resolve("main.cf"), "smtpd_tls_auth_only = yes", "smtpd_tls_auth_only = no"));
             SmtpDialog smtp = SmtpDialog.connect(relaxed.port(TestPorts.SMTP), "127.0.0.2")) {
            smtp.send("EHLO client.example");
            assertThat(lastLine(smtp.authPlain(ALICE, ALICE_PASSWORD))).startsWith("235");
        }
    }

    /**
     * smtpd_delay_reject = no: a client the client restrictions reject gets the refusal in place
     * of the greeting and 503 for every later command but QUIT (observed on Postfix 3.7.11 with
     * smtpd_client_restrictions = reject: NOOP, RSET, HELP, EHLO, STARTTLS, VRFY, MAIL all 503;
     * STARTTLS is James's here, see docs/postfix-compatibility.md).
     */
    @Test
    void clientRejectedAtConnectShouldGetTheRefusalAsGreeting(@TempDir Path otherWorkDir) throws Exception {
        try (InProcessJamesfix strict = InProcessJamesfix.start(otherWorkDir, conf -> Files.writeString(conf.resolve("main.cf"),
                Files.readString(conf.resolve("main.cf"), StandardCharsets.UTF_8) + "smtpd_delay_reject = no\n"
                    + "smtpd_client_restrictions = check_client_access inline:{127.0.0.5=REJECT}\n", StandardCharsets.UTF_8));
             SmtpDialog rejected = SmtpDialog.connect(strict.port(TestPorts.SMTP), "127.0.0.5");
             SmtpDialog other = SmtpDialog.connect(strict.port(TestPorts.SMTP), "127.0.0.6")) {
            assertThat(rejected.greeting()).isEqualTo("554 5.7.1 <unknown[127.0.0.5]>: Client host rejected: Access denied");
            for (String command : new String[] {"NOOP", "RSET", "HELP", "EHLO client.example", "VRFY bob",
                "MAIL FROM:<a@client.example>"}) {
                assertThat(rejected.send(command)).as(command).isEqualTo("503 5.7.0 Error: access denied for unknown[127.0.0.5]");
            }
            assertThat(rejected.send("QUIT")).startsWith("221");
            assertThat(other.greeting()).startsWith("220 ");
        }
    }

    @Test
    void malformedMainCfShouldStopStartupNamingFileAndLine(@TempDir Path otherWorkDir) {
        assertThatThrownBy(() -> InProcessJamesfix.start(otherWorkDir,
                conf -> Files.writeString(conf.resolve("main.cf"), "myhostname = mail.example.test\nsmtpd_tls_auth_only = maybe\n")))
            .hasStackTraceContaining("main.cf, line 2: bad boolean configuration: smtpd_tls_auth_only = maybe");
    }

    @Test
    void malformedMynetworksShouldStopStartupNamingFileAndLine(@TempDir Path otherWorkDir) {
        assertThatThrownBy(() -> InProcessJamesfix.start(otherWorkDir,
                conf -> replaceInFile(conf.resolve("main.cf"), "mynetworks = 127.0.0.1/32", "mynetworks = 127.0.0.1/8")))
            .hasStackTraceContaining("main.cf, line 13: non-null host address bits in \"127.0.0.1/8\"");
    }

    @Test
    void malformedTableShouldStopStartupNamingFileAndLine(@TempDir Path otherWorkDir) {
        assertThatThrownBy(() -> InProcessJamesfix.start(otherWorkDir, conf -> {
            Files.writeString(conf.resolve("trusted"), "10.0.0.0/8 OK\nbroken\n");
            replaceInFile(conf.resolve("main.cf"), "mynetworks = 127.0.0.1/32", "mynetworks = cidr:trusted 127.0.0.1/32");
        })).hasStackTraceContaining("conf/trusted, line 2: bad address pattern: \"broken\"");
    }

    @Test
    void malformedPortOverrideShouldStopStartupNamingHandler(@TempDir Path otherWorkDir) {
        assertThatThrownBy(() -> InProcessJamesfix.start(otherWorkDir,
                conf -> replaceInFile(conf.resolve("smtpserver.xml"),
                    "<param name=\"smtpd_sasl_auth_required\">yes</param>", "<param name=\"smtpd_sasl_auth_required\">perhaps</param>")))
            .hasStackTraceContaining("smtpserver.xml handler SmtpdPolicy")
            .hasStackTraceContaining("bad boolean configuration: smtpd_sasl_auth_required = perhaps");
    }

    @Test
    void unknownSaslSecurityOptionShouldStopStartupNamingHandler(@TempDir Path otherWorkDir) {
        assertThatThrownBy(() -> InProcessJamesfix.start(otherWorkDir,
                conf -> replaceInFile(conf.resolve("smtpserver.xml"),
                    "<param name=\"smtpd_sasl_auth_required\">yes</param>",
                    "<param name=\"smtpd_sasl_tls_security_options\">noanonymous, noplain</param>")))
            .hasStackTraceContaining("smtpserver.xml handler SmtpdPolicy: unknown SASL security option \"noplain\" in "
                + "smtpd_sasl_tls_security_options = noanonymous, noplain");
    }

    @Test
    void badAccessMatcherConditionShouldStopStartupNamingMatcherAndTable(@TempDir Path otherWorkDir) {
        assertThatThrownBy(() -> InProcessJamesfix.start(otherWorkDir,
                conf -> replaceInFile(conf.resolve("mailetcontainer.xml"), "<mailet match=\"All\" class=\"org.jamesfix.mailets.OwnAddressLiterals\"/>",
                    "<mailet match=\"org.jamesfix.matchers.SenderAccess=texthash:no_such_table\" class=\"Null\"/>"
                        + "<mailet match=\"All\" class=\"org.jamesfix.mailets.OwnAddressLiterals\"/>")))
            .hasStackTraceContaining("matcher org.jamesfix.matchers.SenderAccess: table texthash:no_such_table: ")
            .hasStackTraceContaining("no_such_table");
    }

    private static void replaceInFile(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }
}
