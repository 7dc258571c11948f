package org.jamesfix;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import org.opentest4j.AssertionFailedError;

/**
 * The short fuzz run of CI: feeds one fuzz target a fixed number of inputs mutated from its
 * seeds and dictionary words, with a fixed random seed, so a failure repeats. Jazzer fuzzes one
 * target per JVM, which CI cannot afford for every parser; this runs them all in one JVM without
 * instrumentation, and the long Jazzer run (docs/fuzzing.md) goes deeper. Both read the same
 * seeds (Jazzer's inputs directory, {@code <Class>Inputs/<method>/} beside the test class) and
 * words (the {@code @DictionaryEntries} of the {@code @FuzzTest} method).
 *
 * Errors: the first input the target fails on is reported, escaped, with the target's own error;
 * so is an input that takes over 5 s, and a run over 60 s fails as a hang.
 */
public final class ShortFuzzRun {
    /** Inputs per target in CI. */
    public static final int INPUTS = 20_000;
    /** Inputs per target in the long Jazzer run (JAZZER_FUZZ=1). */
    public static final long LONG_RUN = 1_000_000;
    // Generous, as CI shares its cores: a hang is caught either way.
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Duration SLOW_INPUT = Duration.ofSeconds(5);
    private static final int MAX_LENGTH = 4096;
    private static final List<String> LINE_WORDS = List.of("\n", "\r\n", "\n ", "\n\t", "\n#");
    private static final byte[] SPECIALS = " \t\r\n\0\\\"'<>@%!:;,.{}()[]$=#/|*+?^-_&~`".getBytes(StandardCharsets.ISO_8859_1);

    private final List<byte[]> seeds = new ArrayList<>();
    private final List<byte[]> words = new ArrayList<>();
    // What the feeding thread is on, for the report when it hangs.
    private volatile byte[] current = new byte[0];
    private volatile int count;

    private ShortFuzzRun(List<byte[]> seeds, List<String> words) {
        this.seeds.addAll(seeds);
        words.forEach(word -> this.words.add(word.getBytes(StandardCharsets.UTF_8)));
        this.seeds.add(new byte[0]);
        this.words.add(new byte[] {(byte) 0xc3, (byte) 0xa9});
        // Line structure for every target: Jazzer cannot take newlines in @DictionaryEntries
        // (its dictionary file is one entry per line), and libFuzzer finds them in the seeds.
        LINE_WORDS.forEach(word -> this.words.add(word.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Runs {@code target} on {@link #INPUTS} inputs derived from the seeds and words of
     * {@code fuzzTest}, a {@code @FuzzTest} method of {@code testClass}.
     */
    public static void run(Class<?> testClass, String fuzzTest, Consumer<byte[]> target) {
        ShortFuzzRun run = new ShortFuzzRun(seeds(testClass, fuzzTest), words(testClass, fuzzTest));
        try {
            assertTimeoutPreemptively(BOUND, () -> run.feed(target));
        } catch (AssertionFailedError e) {
            throw new AssertionError("fuzz target hangs (short run over " + BOUND + ") on input " + run.count + ": \""
                + escaped(run.current) + "\"", e);
        }
    }

    private static List<byte[]> seeds(Class<?> testClass, String fuzzTest) {
        URL directory = testClass.getResource(testClass.getSimpleName() + "Inputs/" + fuzzTest);
        if (directory == null) {
            throw new AssertionError("no seeds for " + testClass.getSimpleName() + "#" + fuzzTest);
        }
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            List<byte[]> seeds = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                seeds.add(Files.readAllBytes(file));
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> words(Class<?> testClass, String fuzzTest) {
        for (Method method : testClass.getDeclaredMethods()) {
            DictionaryEntries entries = method.getAnnotation(DictionaryEntries.class);
            if (method.getName().equals(fuzzTest) && entries != null) {
                return List.of(entries.value());
            }
        }
        return List.of();
    }

    /** The text a target reads from raw input bytes (bad UTF-8 becomes U+FFFD, as readers do). */
    public static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /**
     * The input cut at its first {@code count - 1} NUL bytes into texts (missing parts are ""),
     * for targets that take several strings, such as a pattern, its flags and a key.
     */
    public static String[] parts(byte[] input, int count) {
        String[] parts = new String[count];
        Arrays.fill(parts, "");
        int start = 0;
        for (int p = 0; p < count; p++) {
            int end = start;
            while (end < input.length && (p == count - 1 || input[end] != 0)) {
                end++;
            }
            parts[p] = new String(input, start, Math.max(0, end - start), StandardCharsets.UTF_8);
            if (end >= input.length) {
                break;
            }
            start = end + 1;
        }
        return parts;
    }

    private void feed(Consumer<byte[]> target) {
        Random random = new Random(20240611L);
        byte[] previous = seeds.get(0);
        for (int n = 0; n < INPUTS; n++) {
            byte[] input = mutate(random, random.nextInt(4) == 0 ? previous : pick(random, seeds));
            current = input;
            count = n;
            long start = System.nanoTime();
            try {
                target.accept(input);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("fuzz target failed on input " + n + ": \"" + escaped(input) + "\"", e);
            }
            if (System.nanoTime() - start > SLOW_INPUT.toNanos()) {
                throw new AssertionError("fuzz target took over " + SLOW_INPUT + " on input " + n + ": \"" + escaped(input) + "\"");
            }
            previous = input;
        }
    }

    /** One to four random edits: insert a word or a special byte, delete, repeat or splice a range. */
    private byte[] mutate(Random random, byte[] base) {
        byte[] out = base;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = out.length == 0 ? 0 : random.nextInt(out.length + 1);
            out = switch (random.nextInt(7)) {
                case 0, 1 -> insert(out, at, pick(random, words));
                case 2 -> insert(out, at, new byte[] {SPECIALS[random.nextInt(SPECIALS.length)]});
                case 3 -> insert(out, at, new byte[] {(byte) random.nextInt(256)});
                case 4 -> delete(out, at, random.nextInt(8));
                case 5 -> repeat(out, at, 1 + random.nextInt(8), 1 + random.nextInt(random.nextInt(10) == 0 ? 500 : 8));
                default -> splice(out, at, pick(random, seeds), random);
            };
        }
        return out.length > MAX_LENGTH ? Arrays.copyOf(out, MAX_LENGTH) : out;
    }

    private static byte[] pick(Random random, List<byte[]> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static byte[] insert(byte[] base, int at, byte[] piece) {
        byte[] out = new byte[base.length + piece.length];
        System.arraycopy(base, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(base, at, out, at + piece.length, base.length - at);
        return out;
    }

    private static byte[] delete(byte[] base, int at, int length) {
        int end = Math.min(base.length, at + length);
        byte[] out = new byte[base.length - (end - at)];
        System.arraycopy(base, 0, out, 0, at);
        System.arraycopy(base, end, out, at, base.length - end);
        return out;
    }

    private static byte[] repeat(byte[] base, int at, int length, int times) {
        int end = Math.min(base.length, at + length);
        byte[] piece = Arrays.copyOfRange(base, at, end);
        byte[] out = base;
        for (int t = 0; t < times && out.length < MAX_LENGTH; t++) {
            out = insert(out, at, piece);
        }
        return out;
    }

    private static byte[] splice(byte[] base, int at, byte[] other, Random random) {
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        return insert(Arrays.copyOf(base, at), at, Arrays.copyOfRange(other, from, other.length));
    }

    private static String escaped(byte[] input) {
        StringBuilder out = new StringBuilder();
        for (byte b : input) {
            int c = b & 0xff;
            if (c == '\\' || c == '"') {
                out.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }
}
