package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SlowDns;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No SMTP I/O thread waits for DNS. The packaged server's resolver answers every query after 3 s
 * (NXDOMAIN, as a slow or dead resolver that dnsjava keeps asking). Clients whose commands need
 * their name (MAIL) wait for it; a session on the same I/O threads that already has its name is
 * answered at once. When the handler waited on the I/O thread for the lookup (before the launcher
 * held such lines back), 24 clients spread over the four I/O threads held each of them for 3 s or
 * more, and the bystander's NOOP took that long.
 *
 * The submission listener has smtpd_delay_reject = no here, so its connect-time restrictions
 * need the name before the greeting: the greeting waits, and no I/O thread does.
 */
class ClientNameLookupIT {
    private static final String DNS_ADDRESS = "127.0.0.154";
    private static final Duration DNS_DELAY = Duration.ofSeconds(3);
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final int CLIENTS = 24;

    @TempDir
    static Path install;
    private static PackagedJamesfix packaged;
    private static SlowDns dns;
    private static int smtp;
    private static int submission;

    @BeforeAll
    static void start() throws Exception {
        dns = SlowDns.start(DNS_ADDRESS, DNS_DELAY);
        packaged = PackagedJamesfix.start(install.resolve("james"), conf -> {
            dns.useIn(conf);
            Path smtpserver = conf.resolve("smtpserver.xml");
            Files.writeString(smtpserver, Files.readString(smtpserver).replace(
                "<param name=\"smtpd_tls_security_level\">encrypt</param>",
                "<param name=\"smtpd_tls_security_level\">encrypt</param>\n"
                    + "        <param name=\"smtpd_delay_reject\">no</param>\n"
                    + "        <param name=\"smtpd_client_restrictions\">check_client_access inline:{127.0.3.1=reject}</param>"));
        });
        smtp = packaged.ports().of(TestPorts.SMTP);
        submission = packaged.ports().of(TestPorts.SUBMISSION);
    }

    @AfterAll
    static void stop() throws Exception {
        if (packaged != null) {
            packaged.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void establishedSessionShouldBeAnsweredAtOnceWhenOtherClientsWaitForTheirName() throws Exception {
        List<SmtpDialog> clients = new ArrayList<>();
        try (SmtpDialog bystander = SmtpDialog.connect(smtp, "127.0.0.10")) {
            bystander.send("EHLO bystander.example");
            // Its own name first (one slow lookup).
            assertThat(bystander.send("MAIL FROM:<bystander@remote.example>")).startsWith("250");
            assertThat(bystander.send("RSET")).startsWith("250");

            for (int i = 1; i <= CLIENTS; i++) {
                SmtpDialog client = SmtpDialog.connect(smtp, "127.0.2." + i);
                clients.add(client);
                // EHLO needs no name: answered at once.
                assertThat(client.send("EHLO client" + i + ".example")).startsWith("250");
                client.write("MAIL FROM:<sender" + i + "@remote.example>");
            }

            long start = System.nanoTime();
            assertThat(bystander.send("NOOP")).startsWith("250");
            Duration noop = Duration.ofNanos(System.nanoTime() - start);
            assertThat(noop).isLessThan(BOUND);

            // Each waiting MAIL is answered once its lookup is done, in order, and the session goes on.
            for (SmtpDialog client : clients) {
                assertThat(client.nextReply()).startsWith("250");
                assertThat(client.send("RCPT TO:<alice@example.test>")).startsWith("250");
            }
        } finally {
            for (SmtpDialog client : clients) {
                client.close();
            }
        }
    }

    @Test
    void greetingShouldWaitForTheNameAndNoIoThreadWhenRestrictionsAtConnectNeedIt() throws Exception {
        List<SmtpDialog> clients = new ArrayList<>();
        try (SmtpDialog bystander = SmtpDialog.connect(smtp, "127.0.0.11")) {
            bystander.send("EHLO bystander.example");
            assertThat(bystander.send("MAIL FROM:<bystander@remote.example>")).startsWith("250");

            long connected = System.nanoTime();
            for (int i = 1; i <= CLIENTS; i++) {
                clients.add(SmtpDialog.connectNoWait(submission, "127.0.3." + i));
            }
            long start = System.nanoTime();
            assertThat(bystander.send("RSET")).startsWith("250");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);

            // 127.0.3.1 is refused by smtpd_client_restrictions, in place of the greeting, as Postfix does.
            SmtpDialog refused = clients.get(0);
            assertThat(refused.greeting()).startsWith("554 5.7.1 <unknown[127.0.3.1]>: Client host rejected");
            assertThat(Duration.ofNanos(System.nanoTime() - connected)).isGreaterThan(DNS_DELAY.minusMillis(500));
            assertThat(refused.send("EHLO client.example")).startsWith("503 5.7.0 Error: access denied for unknown[127.0.3.1]");
            for (SmtpDialog client : clients.subList(1, clients.size())) {
                assertThat(client.greeting()).startsWith("220 ");
                assertThat(client.send("EHLO client.example")).startsWith("250");
            }
        } finally {
            for (SmtpDialog client : clients) {
                client.close();
            }
        }
    }
}
