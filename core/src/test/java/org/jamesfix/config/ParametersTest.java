package org.jamesfix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API-level checks that the golden files do not show: exception fields, immutability, files. */
class ParametersTest {
    private static final HostFacts HOST = HostFacts.of("vm", "127.0.0.1/8", "::1/128");

    @Test
    void parserShouldRejectOrphanContinuationLine() {
        assertThatThrownBy(() -> MainCfParser.parse("  mydestination = x\n", "/etc/jamesfix/main.cf"))
            .isInstanceOfSatisfying(ConfigException.class, e -> {
                assertThat(e.getFile()).isEqualTo("/etc/jamesfix/main.cf");
                assertThat(e.getLine()).isEqualTo(1);
                assertThat(e.getProblem()).isEqualTo("logical line must not start with whitespace: \"  mydestination = x\"");
                assertThat(e.getMessage()).isEqualTo("/etc/jamesfix/main.cf, line 1: " + e.getProblem());
            });
    }

    @Test
    void expansionErrorShouldNameTheLineOfTheBrokenValue() {
        assertThatThrownBy(() -> MainCf.parse("myorigin = $a\n\na = ${b\n", "main.cf", HOST))
            .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getLine()).isEqualTo(3));
    }

    @Test
    void typedGettersShouldReturnConvertedValues() {
        Parameters parameters = MainCf.parse("smtpd_helo_required = yes\nmaximal_queue_lifetime = 2\n"
            + "message_size_limit = 1000\nrelay_domains = a b,c\n", "main.cf", HOST);

        assertThat(parameters.getBoolean("smtpd_helo_required")).isTrue();
        assertThat(parameters.getTime("maximal_queue_lifetime")).isEqualTo(Duration.ofDays(2));
        assertThat(parameters.getSize("message_size_limit")).isEqualTo(1000L);
        assertThat(parameters.getList("relay_domains")).containsExactly("a", "b", "c");
        assertThat(parameters.getTime("delay_warning_time")).isEqualTo(Duration.ZERO);
    }

    @Test
    void listsShouldBeUnmodifiable() {
        Parameters parameters = MainCf.parse("relay_domains = a\n", "main.cf", HOST);

        assertThatThrownBy(() -> parameters.getList("relay_domains").add("b"))
            .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withOverridesShouldLeaveTheOriginalUnchanged() {
        Parameters parameters = MainCf.parse("smtpd_helo_required = no\n", "main.cf", HOST);

        Parameters overridden = parameters.withOverrides(Map.of("smtpd_helo_required", "yes"), "submission");

        assertThat(overridden.getBoolean("smtpd_helo_required")).isTrue();
        assertThat(overridden.origin("smtpd_helo_required")).isEqualTo(Origin.of("submission"));
        assertThat(parameters.getBoolean("smtpd_helo_required")).isFalse();
    }

    @Test
    void overrideErrorsShouldNameTheOverrideSource() {
        Parameters parameters = Parameters.defaults(HOST);

        assertThatThrownBy(() -> parameters.withOverrides(Map.of("message_size_limit", "10M"), "mailet RemoteDelivery"))
            .isInstanceOfSatisfying(ConfigException.class, e -> {
                assertThat(e.getFile()).isEqualTo("mailet RemoteDelivery");
                assertThat(e.getLine()).isZero();
                assertThat(e.getMessage()).isEqualTo("mailet RemoteDelivery: bad numerical configuration: message_size_limit = 10M");
            });
    }

    @Test
    void unknownNameShouldBeAProgrammingError() {
        Parameters parameters = Parameters.defaults(HOST);

        assertThat(parameters.find("no_such_parameter")).isEmpty();
        assertThatThrownBy(() -> parameters.get("no_such_parameter")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorShouldBeLocatedWhereTheValueWasSet() {
        Parameters parameters = MainCf.parse("\nmynetworks = 10.0.0.0/33\n", "main.cf", HOST);

        assertThat(parameters.error("mynetworks", "bad network").getMessage()).isEqualTo("main.cf, line 2: bad network");
        assertThat(parameters.error("relay_domains", "bad").getMessage()).isEqualTo("default value: bad");
    }

    @Test
    void loadShouldNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("main.cf");
        Files.writeString(file, "myorigin = example.com\nsmtpd_delay_reject = perhaps\n");

        assertThatThrownBy(() -> MainCf.load(file, HOST))
            .hasMessage(file + ", line 2: bad boolean configuration: smtpd_delay_reject = perhaps");
        assertThatThrownBy(() -> MainCf.load(dir.resolve("missing.cf"), HOST))
            .hasMessage("open " + dir.resolve("missing.cf") + ": No such file or directory");
    }

    @Test
    void concurrentReadsShouldSeeTheSameValues() throws Exception {
        Parameters parameters = MainCf.parse("mydestination = $myhostname, example.com\n", "main.cf", HOST);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = pool.invokeAll(List.of(
                () -> parameters.getList("mydestination"), () -> parameters.getList("mydestination"),
                () -> parameters.getList("mydestination"), () -> parameters.getList("mydestination")));
            for (Future<List<String>> result : results) {
                assertThat(result.get()).containsExactly("vm.localdomain", "example.com");
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void localHostFactsShouldDescribeThisMachine() {
        HostFacts facts = HostFacts.local();

        assertThat(facts.hostname()).isNotBlank();
        assertThat(Parameters.defaults(facts).get("myhostname")).contains(".");
    }
}
