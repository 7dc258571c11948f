package org.jamesfix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;

/**
 * Postfix-style golden files: every {@code NAME.in} script of a test resource directory is run and
 * its transcript must equal {@code NAME.ref}. With {@code -Djamesfix.conformance.update=true} the
 * .ref files in src/test/resources are rewritten instead (then review the diff).
 */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    /** Runs one script: its name (without .in) and lines in, transcript out. */
    @FunctionalInterface
    public interface Runner {
        String run(String name, List<String> lines) throws Exception;
    }

    /** One dynamic test per .in file of the resource directory, in name order. */
    public static Stream<DynamicTest> tests(String directory, Runner runner) {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(Path.of(GoldenFiles.class.getClassLoader().getResource(directory).toURI()))) {
            scripts = files.filter(path -> path.toString().endsWith(".in")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
            () -> check(directory, script, runner)));
    }

    private static void check(String directory, Path script, Runner runner) throws Exception {
        String name = script.getFileName().toString().replaceFirst("\\.in$", "");
        String actual = runner.run(name, Files.readAllLines(script, StandardCharsets.UTF_8));
        Path reference = script.resolveSibling(name + ".ref");
        if (Boolean.getBoolean("jamesfix.conformance.update")) {
            Files.writeString(Path.of("src/test/resources", directory, name + ".ref"), actual, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(reference) ? Files.readString(reference, StandardCharsets.UTF_8) : "";
        assertThat(actual).isEqualTo(expected);
    }
}
