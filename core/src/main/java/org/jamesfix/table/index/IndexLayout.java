package org.jamesfix.table.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Lucene index of a table source lives, as Postfix puts {@code virtual.db} beside
 * {@code virtual}: the name readers open is the symbolic link {@code virtual.lucene}; it points
 * (relatively) to one generation directory {@code virtual.lucene.<stamp>}, a complete,
 * force-merged, committed index that is never written again. {@link IndexCompiler} builds a new
 * generation and renames a new link over the old one; rename(2) replaces it atomically, so a
 * reader resolves either the old complete generation or the new one, never a partial or missing
 * index. {@code virtual.lucene.lock} serialises concurrent compilers.
 *
 * Limits: needs a file system with symbolic links and atomic rename (any POSIX one).
 */
record IndexLayout(Path source) {
    static final String SUFFIX = ".lucene";

    /** The layout of the index compiled from {@code source}. */
    static IndexLayout of(Path source) {
        return new IndexLayout(source);
    }

    /** The symbolic link readers open, e.g. {@code /etc/jamesfix/virtual.lucene}. */
    Path link() {
        return sibling(SUFFIX);
    }

    /** The file compilers lock while they build and swap. */
    Path lockFile() {
        return sibling(SUFFIX + ".lock");
    }

    /** A generation directory name not in use yet (the caller holds the lock). */
    Path newGeneration() {
        long stamp = System.currentTimeMillis();
        Path candidate = sibling(SUFFIX + "." + stamp);
        while (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            candidate = sibling(SUFFIX + "." + ++stamp);
        }
        return candidate;
    }

    /** The temporary link renamed over {@link #link()} to publish a generation. */
    Path pendingLink(Path generation) {
        return generation.resolveSibling(generation.getFileName() + ".link");
    }

    /** Every generation directory and leftover pending link beside the source. */
    List<Path> generations() throws IOException {
        Path directory = link().toAbsolutePath().getParent();
        String prefix = source.getFileName() + SUFFIX + ".";
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, path -> isGeneration(path, prefix))) {
            entries.forEach(found::add);
        }
        return found;
    }

    private static boolean isGeneration(Path path, String prefix) {
        String name = path.getFileName().toString();
        if (!name.startsWith(prefix)) {
            return false;
        }
        String rest = name.substring(prefix.length());
        if (rest.endsWith(".link")) {
            rest = rest.substring(0, rest.length() - ".link".length());
        }
        return !rest.isEmpty() && rest.chars().allMatch(Character::isDigit);
    }

    private Path sibling(String suffix) {
        return source.resolveSibling(source.getFileName() + suffix);
    }
}
