package org.jamesfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.jamesfix.config.HostFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI outside the golden files: a missing main.cf, a missing option argument. */
class PostconfTest {
    private static final HostFacts HOST = HostFacts.of("vm", "127.0.0.1/8");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Postconf.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), HOST);
    }

    @Test
    void postconfShouldFailLikePostfixWhenMainCfIsMissing(@TempDir Path dir) {
        // Postfix 3.7.11: "postconf: fatal: open /nonexist/main.cf: No such file or directory", exit 1.
        assertThat(run("-c", dir.toString(), "-n")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
            .isEqualTo("postconf: fatal: open " + dir.resolve("main.cf") + ": No such file or directory\n");
    }

    @Test
    void postconfShouldPrintDefaultsWithoutMainCf() {
        assertThat(run("-d", "-h", "myhostname")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("vm.localdomain\n");
    }

    @Test
    void postconfShouldRejectAMissingOptionArgument() {
        assertThat(run("-c")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("postconf: option requires an argument -- 'c'");
    }
}
