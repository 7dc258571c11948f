package org.jamesfix.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MailImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.mailet.Mail;
import org.jamesfix.testing.InProcessJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped pipeline's second relay decision (conf/mailetcontainer.xml, "transport"), with
 * relay_domains = relay.example added to the shipped main.cf. Where a recipient ends is observed
 * in two repositories: relay-denied, as shipped, and "relayed", which in this copy of the conf
 * replaces the relay processor's RemoteDelivery (the test machine has no DNS: RemoteDelivery's
 * retry cycle in the memory queue makes the outgoing queue a moving target). Mail "entering
 * another way" is stored in a repository and reprocessed into "transport" through WebAdmin, as an
 * admin releases mail; it keeps its client address.
 *
 * Postfix 3.7.11 (POSTFIX-FACTS "Relay / address parsing"): from an untrusted client a relay_domains
 * recipient (and its subdomains) is accepted and relayed; a foreign one and routing inside a relay
 * domain (user%foreign@relay.example) get "554 5.7.1 Relay access denied"; from mynetworks
 * everything is relayed.
 */
class RelayRoutingTest {
    private static final String RELAY_DENIED = "memory://var/mail/relay-denied/";
    private static final String RELAYED = "memory://var/mail/relayed/";
    private static final String INBOUND = "memory://var/mail/inbound-test/";
    private static final Pattern RELAY_PROCESSOR =
        Pattern.compile("(<processor state=\"relay\"[^>]*>).*?(</processor>)", Pattern.DOTALL);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path workDir;
    private static InProcessJamesfix james;

    @BeforeAll
    static void start() throws Exception {
        james = InProcessJamesfix.start(workDir, conf -> {
            Files.writeString(conf.resolve("main.cf"), Files.readString(conf.resolve("main.cf"), StandardCharsets.UTF_8)
                + "relay_domains = relay.example\n"
                + "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,"
                + " check_client_access inline:{127.0.0.3=OK}, reject_unauth_destination\n", StandardCharsets.UTF_8);
            Path pipeline = conf.resolve("mailetcontainer.xml");
            String shipped = Files.readString(pipeline, StandardCharsets.UTF_8);
            String relayed = RELAY_PROCESSOR.matcher(shipped).replaceFirst("$1<mailet match=\"All\" class=\"ToRepository\">"
                + "<repositoryPath>" + RELAYED + "</repositoryPath></mailet>$2");
            assertThat(relayed).as("relay processor found").isNotEqualTo(shipped);
            Files.writeString(pipeline, relayed, StandardCharsets.UTF_8);
        });
    }

    @AfterAll
    static void stop() {
        james.close();
    }

    /**
     * End to end over SMTP: RCPT accepts relay_domains recipients from an untrusted client (as
     * Postfix does), and the pipeline's second decision must relay them, not bounce them.
     */
    @Test
    void relayDomainRecipientFromUntrustedClientShouldBeRelayed() throws Exception {
        send("127.0.0.2", "sender@remote.example", "smtp-user@relay.example", "smtp-user@sub.relay.example");

        assertThat(awaitRelayed(recipients -> recipients.containsAll(List.of("smtp-user@relay.example", "smtp-user@sub.relay.example"))))
            .isTrue();
        assertThat(recipients(RELAY_DENIED)).doesNotContain("smtp-user@relay.example", "smtp-user@sub.relay.example");
    }

    @Test
    void foreignRecipientFromTrustedClientShouldBeRelayed() throws Exception {
        send("127.0.0.1", "alice@example.test", "smtp-user@outside.example");

        assertThat(awaitRelayed(recipients -> recipients.contains("smtp-user@outside.example"))).isTrue();
        assertThat(recipients(RELAY_DENIED)).doesNotContain("smtp-user@outside.example");
    }

    /**
     * A client smtpd_relay_restrictions lets relay through an access table (Postfix relays for
     * it): the pipeline honours the RCPT decision (AcceptedBySmtpd) instead of bouncing.
     */
    @Test
    void clientAnAccessTableLetsRelayShouldBeRelayed() throws Exception {
        send("127.0.0.3", "someone@partner.example", "partner-user@outside.example");

        assertThat(awaitRelayed(recipients -> recipients.contains("partner-user@outside.example"))).isTrue();
        assertThat(recipients(RELAY_DENIED)).doesNotContain("partner-user@outside.example");
    }

    @Test
    void mailFromUntrustedSourceShouldRelayOnlyAuthorizedDestinations() throws Exception {
        inject("192.0.2.7", "untrusted", "injected@relay.example", "injected@outside.example", "injected%outside.example@relay.example");

        assertThat(awaitRelayed(recipients -> recipients.contains("injected@relay.example"))).isTrue();
        assertThat(awaitDenied(recipients -> recipients.containsAll(
            List.of("injected@outside.example", "injected%outside.example@relay.example")))).isTrue();
        assertThat(recipients(RELAYED)).doesNotContain("injected@outside.example", "injected%outside.example@relay.example");
        assertThat(recipients(RELAY_DENIED)).doesNotContain("injected@relay.example");
    }

    @Test
    void mailFromTrustedSourceShouldRelayEverywhere() throws Exception {
        inject("127.0.0.1", "trusted", "trusted@outside.example", "trusted%outside.example@relay.example");

        assertThat(awaitRelayed(recipients -> recipients.containsAll(
            List.of("trusted@outside.example", "trusted%outside.example@relay.example")))).isTrue();
        assertThat(recipients(RELAY_DENIED)).doesNotContain("trusted@outside.example", "trusted%outside.example@relay.example");
    }

    /** Sends one message over SMTP from {@code client}; every command must be accepted. */
    private static void send(String client, String sender, String... recipients) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), client)) {
            smtp.send("EHLO client.example");
            assertThat(smtp.send("MAIL FROM:<" + sender + ">")).startsWith("250");
            for (String recipient : recipients) {
                assertThat(smtp.send("RCPT TO:<" + recipient + ">")).startsWith("250");
            }
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: relay test\r\n\r\nhello\r\n.")).startsWith("250");
        }
    }

    /** Stores a mail from {@code client} in a repository and reprocesses it into "transport". */
    private static void inject(String client, String name, String... recipients) throws Exception {
        MailRepositoryProbeImpl probe = james.server().getProbe(MailRepositoryProbeImpl.class);
        MailRepository inbound = probe.getMailRepositoryStore().select(MailRepositoryUrl.from(INBOUND));
        inbound.store(MailImpl.builder()
            .name(name)
            .sender("alice@example.test")
            .addRecipients(recipients)
            .remoteAddr(client)
            .remoteHost("client.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("injected " + name).setText("hello"))
            .build());
        HttpResponse<String> reprocess = HTTP.send(HttpRequest.newBuilder(webadmin("/mailRepositories/var%2Fmail%2Finbound-test/mails"
                + "?action=reprocess&processor=transport")).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(reprocess.statusCode()).as(reprocess.body()).isEqualTo(201);
    }

    private static boolean awaitRelayed(Predicate<Set<String>> condition) throws Exception {
        return await(() -> condition.test(recipients(RELAYED)));
    }

    private static boolean awaitDenied(Predicate<Set<String>> condition) throws Exception {
        return await(() -> condition.test(recipients(RELAY_DENIED)));
    }

    /** Every recipient of every mail kept in a repository. */
    private static Set<String> recipients(String repository) throws Exception {
        MailRepositoryProbeImpl probe = james.server().getProbe(MailRepositoryProbeImpl.class);
        MailRepositoryUrl url = MailRepositoryUrl.from(repository);
        Set<String> recipients = new HashSet<>();
        for (MailKey key : probe.listMailKeys(url)) {
            Mail mail = probe.getMail(url, key);
            if (mail != null) {
                mail.getRecipients().stream().map(MailAddress::asString).forEach(recipients::add);
            }
        }
        return recipients;
    }

    private static boolean await(Check check) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(100);
        }
        return check.holds();
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static URI webadmin(String path) {
        return URI.create("http://127.0.0.1:" + james.port(TestPorts.WEBADMIN) + path);
    }
}
