package org.jamesfix.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jamesfix.config.ConfigException;

/**
 * A table that follows its source files. Lookups go to the current version through one volatile
 * read. {@link #reloadIfChanged()} (called by a poller) reopens the table when its sources changed
 * and stayed unchanged for one poll, so a file caught half-written is not loaded; a new version
 * that fails to open is refused, its error kept and counted, and the last good version stays.
 *
 * The swap is atomic: a lookup sees either the whole old table or the whole new one.
 */
public final class ReloadableTable implements LookupTable {
    private final String spec;
    private final Supplier<LookupTable> opener;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();
    private volatile Version current;
    private volatile List<Stamp> pending = List.of();
    private volatile String lastError = "";

    private ReloadableTable(String spec, Supplier<LookupTable> opener) {
        this.spec = spec;
        this.opener = opener;
        LookupTable table = opener.get();
        this.current = new Version(table, stamps(table.sources()), Instant.now());
    }

    /** Opens the spec now (errors propagate: a bad table at startup stops the start). */
    public static ReloadableTable open(String spec, TableRegistry registry) {
        return new ReloadableTable(spec, () -> registry.open(spec));
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public LookupResult lookup(String key) {
        return current.table().lookup(key);
    }

    @Override
    public boolean matchesWholeStringOnly() {
        return current.table().matchesWholeStringOnly();
    }

    @Override
    public List<Path> sources() {
        return current.table().sources();
    }

    /** What one poll did. */
    public enum Outcome { UNCHANGED, CHANGING, RELOADED, FAILED }

    /** Reopens the table when its sources changed and have settled; keeps the old one on error. */
    public synchronized Outcome reloadIfChanged() {
        Version version = current;
        List<Stamp> now = stamps(version.table().sources());
        if (now.equals(version.stamps())) {
            pending = List.of();
            return Outcome.UNCHANGED;
        }
        if (!now.equals(pending)) {
            pending = now;
            return Outcome.CHANGING;
        }
        pending = List.of();
        try {
            // The stamps read before opening: a change made during the open shows at the next poll.
            current = new Version(opener.get(), now, Instant.now());
            reloads.incrementAndGet();
            lastError = "";
            return Outcome.RELOADED;
        } catch (ConfigException e) {
            // Remember what failed so the same broken files are not retried every poll.
            current = new Version(version.table(), now, version.loadedAt());
            failedReloads.incrementAndGet();
            lastError = e.getMessage();
            return Outcome.FAILED;
        }
    }

    public long reloadCount() {
        return reloads.get();
    }

    public long failedReloadCount() {
        return failedReloads.get();
    }

    /** The error of the last refused version, or "" after a good load. */
    public String lastError() {
        return lastError;
    }

    /** When the version in force was loaded. */
    public Instant loadedAt() {
        return current.loadedAt();
    }

    private static List<Stamp> stamps(List<Path> sources) {
        List<Stamp> stamps = new ArrayList<>(sources.size());
        for (Path source : sources) {
            stamps.add(Stamp.of(source));
        }
        return stamps;
    }

    private record Version(LookupTable table, List<Stamp> stamps, Instant loadedAt) {
    }

    /** What identifies one version of a file: its target (for symlink swaps), time and size. */
    private record Stamp(Path path, Object fileKey, long modifiedNanos, long size) {
        static Stamp of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return new Stamp(path, attributes.fileKey(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    attributes.size());
            } catch (NoSuchFileException e) {
                return new Stamp(path, null, -1, -1);
            } catch (IOException e) {
                return new Stamp(path, null, -2, -2);
            }
        }
    }
}
