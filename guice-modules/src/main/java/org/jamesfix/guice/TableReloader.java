package org.jamesfix.guice;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.utils.UserDefinedStartable;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.ReloadableTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: polls the source files of every table the policy uses, every
 * {@value #POLL_MILLIS} ms, and swaps in a table whose files changed and then settled (so a change
 * takes effect within a second). A new version that fails to open is refused and logged with its
 * file:line error; the last good version stays in force. Named in extensions.properties as a
 * startable; stops with James.
 */
@Singleton
public class TableReloader implements UserDefinedStartable {
    static final long POLL_MILLIS = 300;
    private static final Logger LOGGER = LoggerFactory.getLogger(TableReloader.class);

    private final Policy policy;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jamesfix-table-reloader");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public TableReloader(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void start() {
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        LOGGER.info("Jamesfix table reloader watching {} table(s)", policy.tables().all().size());
    }

    @PreDestroy
    public void stop() {
        poller.shutdownNow();
    }

    /** One poll over every table; never lets an exception kill the schedule. */
    void poll() {
        for (ReloadableTable table : policy.tables().all()) {
            try {
                switch (table.reloadIfChanged()) {
                    case RELOADED:
                        LOGGER.info("Jamesfix: reloaded {}", table.spec());
                        break;
                    case FAILED:
                        LOGGER.error("Jamesfix: kept the previous version of {}: {}", table.spec(), table.lastError());
                        break;
                    default:
                        break;
                }
            } catch (RuntimeException e) {
                LOGGER.error("Jamesfix: reload check of {} failed", table.spec(), e);
            }
        }
    }
}
