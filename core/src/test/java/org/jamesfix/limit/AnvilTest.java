package org.jamesfix.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class AnvilTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Anvil anvil = new Anvil(Duration.ofSeconds(60), now::get);

    @Test
    void connectShouldCountOpenConnectionsPerAddressWhenClientsOverlap() {
        anvil.connect("127.0.0.9");
        anvil.connect("127.0.0.9");
        assertThat(anvil.connect("127.0.0.10")).isEqualTo(new Anvil.Admission(1, 1));
        assertThat(anvil.connect("127.0.0.9")).isEqualTo(new Anvil.Admission(3, 3));
        anvil.disconnect("127.0.0.9");
        assertThat(anvil.connect("127.0.0.9")).isEqualTo(new Anvil.Admission(3, 4));
    }

    @Test
    void connectShouldStartANewRateWindowWhenTheTimeUnitHasPassed() {
        anvil.connect("127.0.0.9");
        anvil.disconnect("127.0.0.9");
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(anvil.connect("127.0.0.9").rate()).isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(anvil.connect("127.0.0.9")).isEqualTo(new Anvil.Admission(2, 1));
    }

    @Test
    void authShouldCountAuthCommandsInTheWindowWhenRepeated() {
        assertThat(anvil.auth("127.0.0.9")).isEqualTo(1);
        assertThat(anvil.auth("127.0.0.9")).isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(anvil.auth("127.0.0.9")).isEqualTo(1);
    }

    @Test
    void disconnectShouldForgetClientsWhenNothingIsOpenAndTheWindowHasPassed() {
        anvil.connect("127.0.0.9");
        anvil.connect("127.0.0.10");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        anvil.disconnect("127.0.0.9");
        assertThat(anvil.size()).isEqualTo(1);
    }

    @Test
    void connectShouldCountExactlyWhenCalledFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(800);
        for (int i = 0; i < 800; i++) {
            pool.execute(() -> {
                anvil.connect("127.0.0.9");
                anvil.disconnect("127.0.0.9");
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(anvil.connect("127.0.0.9")).isEqualTo(new Anvil.Admission(1, 801));
    }
}
