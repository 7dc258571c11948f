package org.jamesfix.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What every table type promises, whatever its source: implement this interface once per type
 * (a small test class that opens one table) and these tests run against it.
 *
 * The implementation names one key the table finds, with its value, and one it does not find
 * (empty for types that find every key, such as static:).
 */
public interface LookupTableContract {

    /** The spec the table under test is opened from, exactly as given. */
    String spec();

    /** Opens {@link #spec()}; called once per test. */
    LookupTable open();

    /** A key the table finds. */
    String presentKey();

    /** The value {@link #presentKey()} finds. */
    String presentValue();

    /** A key the table does not find, or empty when every key is found. */
    Optional<String> absentKey();

    /** True for types backed by files, whose sources() must then name them. */
    boolean fileBacked();

    @Test
    default void specShouldBeTheSpecAsGiven() {
        assertThat(open().spec()).isEqualTo(spec());
    }

    @Test
    default void lookupShouldFindThePresentKey() {
        assertThat(open().lookup(presentKey())).isEqualTo(new LookupResult.Found(presentValue()));
    }

    @Test
    default void lookupShouldReturnNotFoundWhenTheKeyIsAbsent() {
        assumeThat(absentKey()).isPresent();
        assertThat(open().lookup(absentKey().get())).isSameAs(LookupResult.NotFound.INSTANCE);
    }

    @Test
    default void lookupShouldAnswerWithoutThrowingWhenTheKeyIsOdd() {
        LookupTable table = open();
        List<String> oddKeys = List.of("", " ", "\t", "[127.0.0.1]", "::", "user@", "@example.com", "a,b", "{x}",
            "ünïcödé", "x".repeat(10_000), "1.2.3.4 ", "%00", "a=b");
        for (String key : oddKeys) {
            assertThat(table.lookup(key)).as("lookup of [%s]", key).isNotNull();
        }
    }

    @Test
    default void repeatedLookupsShouldGiveEqualAnswers() {
        LookupTable table = open();
        LookupResult first = table.lookup(presentKey());
        for (int i = 0; i < 100; i++) {
            assertThat(table.lookup(presentKey())).isEqualTo(first);
        }
        absentKey().ifPresent(key -> assertThat(table.lookup(key)).isEqualTo(table.lookup(key)));
    }

    @Test
    default void lookupShouldBeThreadSafeWhenUsedConcurrently() throws Exception {
        LookupTable table = open();
        LookupResult expectedPresent = table.lookup(presentKey());
        Optional<LookupResult> expectedAbsent = absentKey().map(table::lookup);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Callable<Boolean> worker = () -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!table.lookup(presentKey()).equals(expectedPresent)) {
                            return false;
                        }
                        if (expectedAbsent.isPresent() && !table.lookup(absentKey().get()).equals(expectedAbsent.get())) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(worker));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void sourcesShouldBeExistingFilesWhenTheTypeIsFileBacked() {
        List<Path> sources = open().sources();
        if (fileBacked()) {
            assertThat(sources).isNotEmpty();
        } else {
            assertThat(sources).isEmpty();
        }
        assertThat(sources).allSatisfy(path -> {
            assertThat(path).isAbsolute();
            assertThat(Files.isRegularFile(path)).as("%s is a file", path).isTrue();
        });
    }

    @Test
    default void sourcesShouldBeUnmodifiable() {
        List<Path> sources = open().sources();
        assertThatThrownBy(() -> sources.add(Path.of("/x")))
            .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    default void openingTwiceShouldGiveTablesThatAnswerAlike() {
        LookupTable first = open();
        LookupTable second = open();
        assertThat(second.lookup(presentKey())).isEqualTo(first.lookup(presentKey()));
        assertThat(second.matchesWholeStringOnly()).isEqualTo(first.matchesWholeStringOnly());
    }
}
