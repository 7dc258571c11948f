package org.jamesfix.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.policy.Policy;
import org.jamesfix.restriction.SessionFacts;
import org.jamesfix.restriction.SmtpdRestrictions;
import org.jamesfix.restriction.SmtpdSession;
import org.jamesfix.table.TableRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RCPT TO checks per second per thread through core's SmtpdSession, as the SMTP handler runs them:
 * Postfix's address syntax check, the client/helo/sender lists (smtpd_delay_reject = yes), the
 * relay and recipient lists with access tables, and local_recipient_maps. {@code accepted}: a
 * local user from an untrusted client; {@code relayDenied}: a percent-hack relay attempt. Target
 * (issue: SMTP restrictions, "lookups sit on the hot path"): >= 200,000 checks/s, i.e. the policy
 * costs under 5 microseconds of a RCPT. Run: {@code java -jar benchmarks/target/jamesfix-benchmarks.jar RcptCheck}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class RcptCheckBenchmark {
    private static final String MAIN_CF = String.join("\n",
        "myhostname = mail.example.com",
        "mydomain = example.com",
        "mydestination = $myhostname, example.com, localhost",
        "mynetworks = 127.0.0.0/29",
        "relay_domains = relay.example",
        "smtpd_client_restrictions = check_client_access inline:{192.0.2.66=REJECT}",
        "smtpd_sender_restrictions = check_sender_access inline:{spammer@bad.example=REJECT}",
        "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
        "smtpd_recipient_restrictions = check_recipient_access inline:{blocked@example.com=REJECT}",
        "local_recipient_maps = inline:{bob=bob, carol=carol}",
        "");

    @Param({"accepted", "relayDenied"})
    public String recipientKind;

    private SmtpdSession session;
    private String recipient;

    @Setup(Level.Trial)
    public void load() {
        Policy policy = Policy.of(MainCf.parse(MAIN_CF, "main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")),
            TableRegistry.standard(Path.of(".")));
        SmtpdRestrictions restrictions = SmtpdRestrictions.load(policy);
        session = new SmtpdSession(restrictions, false, SessionFacts.connect("192.0.2.9", "unknown"), line -> { },
            () -> "QUEUEID");
        session.helo("client.example", true);
        session.mail("sender@client.example");
        recipient = recipientKind.equals("accepted") ? "bob@example.com" : "victim%outside.example@example.com";
    }

    @Benchmark
    public Object rcpt() {
        // Not taken into the transaction, so every call does the same work.
        return session.rcpt(recipient, true);
    }
}
