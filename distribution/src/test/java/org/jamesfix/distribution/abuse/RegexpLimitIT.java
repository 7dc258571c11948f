package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.SmtpSink;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client picks the keys a pcre: access table sees. Against the packaged server with the shipped
 * configuration plus one sender access table whose pattern backtracks exponentially on a crafted
 * address: the match is cut off at the match limit, the lookup fails, and the client gets the
 * temporary "451 4.3.5 Server configuration error" (the design's rule for a failed lookup;
 * Postfix 3.7.11 instead logs "match limit exceeded" and skips the rule, see
 * docs/postfix-compatibility.md). Other clients are served meanwhile; nothing leaves the machine.
 */
class RegexpLimitIT {
    private static final String UNTRUSTED = "127.0.0.9";
    // Nested quantifiers: java.util.regex tries every split of the a's before failing at '!'.
    private static final String CRAFTED = "a".repeat(60) + "!@evil.example";

    @TempDir
    static Path installs;
    private static SmtpSink sink;
    private static PackagedJamesfix james;

    @BeforeAll
    static void start() throws Exception {
        sink = SmtpSink.start();
        james = PackagedJamesfix.start(installs.resolve("regexp"), conf -> {
            SmtpSink.routeRelayTo(conf, sink.port());
            Path table = conf.resolve("sender_checks.pcre");
            Files.writeString(table, "/^((a+)+)+$/ REJECT runaway\n", StandardCharsets.UTF_8);
            Files.writeString(conf.resolve("main.cf"), "\nsmtpd_sender_restrictions = check_sender_access pcre:"
                + table.toAbsolutePath() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        james.close();
        sink.close();
    }

    @Test
    @Timeout(60)
    void runawayMatchShouldDeferTheClientAndLeaveTheServerResponsive() throws Exception {
        try (SmtpDialog attacker = SmtpDialog.connect(james.port(TestPorts.SMTP), UNTRUSTED);
             SmtpDialog bystander = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.10")) {
            attacker.send("EHLO attacker.example");
            assertThat(attacker.send("MAIL FROM:<" + CRAFTED + ">")).startsWith("250");

            assertThat(attacker.send("RCPT TO:<alice@example.test>")).isEqualTo("451 4.3.5 <" + CRAFTED
                + ">: Sender address rejected: Server configuration error");
            assertThat(bystander.send("EHLO bystander.example")).startsWith("250");
            // The same session goes on, and an ordinary sender passes the same table.
            assertThat(attacker.send("RSET")).startsWith("250");
            assertThat(attacker.send("MAIL FROM:<bob@remote.example>")).startsWith("250");
            assertThat(attacker.send("RCPT TO:<alice@example.test>")).startsWith("250");
        }
        assertThat(String.join("\n", james.mailLog())).contains("match limit exceeded");
        assertThat(sink.await(1, Duration.ofSeconds(2))).isEmpty();
    }
}
