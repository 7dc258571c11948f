package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jamesfix.testing.PackagedJamesfix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 8, with the packaged bin/jamesfix: a configuration error is one readable line
 * (first on stderr, exit status non-zero), the Guice trace only with --debug; a main.cf that
 * cannot be read says why; a missing main.cf starts on Postfix's defaults with a warning.
 * (Tests run as root, who reads a chmod 000 file: "cannot be read" is a main.cf that is a
 * directory here; "Permission denied" is MainCfTest's.)
 */
class ConfigErrorsIT {
    @TempDir
    Path installs;

    @Test
    void badMainCfLineShouldBeFirstStderrLineWhenStartFails() throws Exception {
        PackagedJamesfix james = PackagedJamesfix.install(installs.resolve("bad"), conf ->
            Files.writeString(conf.resolve("main.cf"), "smtpd_helo_restrictions = frobnicate_me\n", StandardOpenOption.APPEND));
        int line = Files.readAllLines(james.home().resolve("conf/main.cf")).size();

        Started failed = runToExit(james.home(), Map.of());

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.stderr().get(0)).isEqualTo("jamesfix: ./conf/main.cf, line " + line
            + ": unknown smtpd restriction: \"frobnicate_me\" (in parameter smtpd_helo_restrictions)");
        assertThat(failed.stderr()).noneMatch(text -> text.contains("at com.google") || text.startsWith("\tat "));
        assertThat(failed.stdout()).noneMatch(text -> text.contains("at com.google") || text.startsWith("\tat "));
    }

    @Test
    void traceShouldBePrintedWhenDebugIsAsked() throws Exception {
        PackagedJamesfix james = PackagedJamesfix.install(installs.resolve("debug"), conf ->
            Files.writeString(conf.resolve("main.cf"), "smtpd_helo_restrictions = frobnicate_me\n", StandardOpenOption.APPEND));

        Started failed = runToExit(james.home(), Map.of(), "--debug");

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.stderr().get(0)).startsWith("jamesfix: ./conf/main.cf, line ");
        assertThat(failed.stderr()).anyMatch(text -> text.startsWith("\tat org.apache.james."));
    }

    @Test
    void unreadableMainCfShouldSayWhyWhenStartFails() throws Exception {
        PackagedJamesfix james = PackagedJamesfix.install(installs.resolve("unreadable"), conf -> {
            Files.delete(conf.resolve("main.cf"));
            Files.createDirectory(conf.resolve("main.cf"));
        });

        Started failed = runToExit(james.home(), Map.of());

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.stderr().get(0)).isEqualTo("jamesfix: open ./conf/main.cf: Is a directory");
    }

    @Test
    void missingMainCfShouldStartWithWarningWhenAbsent() throws Exception {
        try (PackagedJamesfix james = PackagedJamesfix.install(installs.resolve("missing"),
                conf -> Files.delete(conf.resolve("main.cf")))) {
            james.start(Map.of());

            String warning = "warning: ./conf/main.cf not found: running on Postfix's default values for every parameter";
            assertThat(james.consoleText()).contains("jamesfix: " + warning);
            assertThat(james.jamesLog()).containsPattern("WARN +\\[main\\] org.jamesfix.launcher.JamesfixServerMain - " + warning);
        }
    }

    /** Runs bin/jamesfix until it exits (a start that fails), stdout and stderr apart. */
    private static Started runToExit(Path home, Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/jamesfix").toString()));
        command.addAll(List.of(arguments));
        Path stdout = home.resolve("stdout.log");
        Path stderr = home.resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
            .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("bin/jamesfix still running after 120 s");
        }
        return new Started(process.exitValue(), Files.readAllLines(stdout, StandardCharsets.UTF_8),
            Files.readAllLines(stderr, StandardCharsets.UTF_8));
    }

    private record Started(int exitCode, List<String> stdout, List<String> stderr) {
    }
}
