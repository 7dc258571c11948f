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
 * their name (MAIL) wait for it; sessions that already have their name, one or more on each I/O
 * thread of the listener, are answered at once. When the handler waited on the I/O thread (the
 * blocking get() before the launcher held such lines back), the 24 waiting clients held every I/O
 * thread for 3 s or more (observed: bystanders' NOOPs took 3.0 s; with the greeting waiting, as
 * below, 17.7 s and 2.9 s).
 *
 * The submission listener has smtpd_delay_reject = no here, so its connect-time restrictions
 * need the name before the greeting: the greeting waits, and no I/O thread does.
 */
class ClientNameLookupIT {
    private static final String DNS_ADDRESS = "127.0.0.154";
    private static final Duration DNS_DELAY = Duration.ofSeconds(3);
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final int CLIENTS = 24;
    // More than the listener's I/O threads (James: twice the processors), so one is on each.
    private static final int BYSTANDERS = 2 * Runtime.getRuntime().availableProcessors() + 1;

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
    void establishedSessionsShouldBeAnsweredAtOnceWhenOtherClientsWaitForTheirName() throws Exception {
        List<SmtpDialog> bystanders = new ArrayList<>();
        List<SmtpDialog> clients = new ArrayList<>();
        try {
            for (int i = 1; i <= BYSTANDERS; i++) {
                SmtpDialog bystander = SmtpDialog.connect(smtp, "127.0.1." + i);
                bystanders.add(bystander);
                bystander.send("EHLO bystander.example");
                bystander.write("MAIL FROM:<bystander@remote.example>");
            }
            // Their own names first (slow lookups, in parallel).
            for (SmtpDialog bystander : bystanders) {
                assertThat(bystander.nextReply()).startsWith("250");
            }

            for (int i = 1; i <= CLIENTS; i++) {
                SmtpDialog client = SmtpDialog.connect(smtp, "127.0.2." + i);
                clients.add(client);
                // EHLO needs no name: answered at once.
                assertThat(client.send("EHLO client" + i + ".example")).startsWith("250");
                client.write("MAIL FROM:<sender" + i + "@remote.example>");
            }

            assertNoopsAnsweredWithinBound(bystanders);

            // Each waiting MAIL is answered once its lookup is done, and the session goes on.
            for (SmtpDialog client : clients) {
                assertThat(client.nextReply()).startsWith("250");
                assertThat(client.send("RCPT TO:<alice@example.test>")).startsWith("250");
            }
        } finally {
            closeAll(bystanders);
            closeAll(clients);
        }
    }

    @Test
    void greetingShouldWaitForTheNameAndNoIoThreadWhenRestrictionsAtConnectNeedIt() throws Exception {
        List<SmtpDialog> bystanders = new ArrayList<>();
        List<SmtpDialog> clients = new ArrayList<>();
        try {
            // On the same listener (each listener has its own I/O threads), greeted after their lookups.
            for (int i = 1; i <= BYSTANDERS; i++) {
                bystanders.add(SmtpDialog.connectNoWait(submission, "127.0.4." + i));
            }
            for (SmtpDialog bystander : bystanders) {
                assertThat(bystander.greeting()).startsWith("220 ");
                assertThat(bystander.send("EHLO bystander.example")).startsWith("250");
            }

            long connected = System.nanoTime();
            for (int i = 1; i <= CLIENTS; i++) {
                clients.add(SmtpDialog.connectNoWait(submission, "127.0.3." + i));
            }
            // Let the server take every connection (and start every lookup) before the NOOPs.
            Thread.sleep(500);
            assertNoopsAnsweredWithinBound(bystanders);

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
            closeAll(bystanders);
            closeAll(clients);
        }
    }

    // One NOOP per bystander; the bystanders sit on every I/O thread of the listener.
    private static void assertNoopsAnsweredWithinBound(List<SmtpDialog> bystanders) throws Exception {
        List<Duration> noops = new ArrayList<>();
        for (SmtpDialog bystander : bystanders) {
            long start = System.nanoTime();
            assertThat(bystander.send("NOOP")).startsWith("250");
            noops.add(Duration.ofNanos(System.nanoTime() - start));
        }
        assertThat(noops).allSatisfy(noop -> assertThat(noop).isLessThan(BOUND));
    }

    private static void closeAll(List<SmtpDialog> dialogs) throws Exception {
        for (SmtpDialog dialog : dialogs) {
            dialog.close();
        }
    }
}
