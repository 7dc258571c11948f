package org.jamesfix.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads main.cf into {@link Parameters}: parse ({@link MainCfParser}), then expand and convert.
 * Errors: {@link ConfigException} with file, line and problem; an unreadable file is one too,
 * worded as Postfix's ("open FILE: No such file or directory").
 */
public final class MainCf {
    private MainCf() {
    }

    /** Loads a main.cf file, with this machine's facts for computed defaults. */
    public static Parameters load(Path file) {
        return load(file, HostFacts.local());
    }

    public static Parameters load(Path file, HostFacts facts) {
        return parse(read(file), file.toString(), facts);
    }

    /** Parses main.cf content; fileName appears in messages. */
    public static Parameters parse(String content, String fileName) {
        return parse(content, fileName, HostFacts.local());
    }

    public static Parameters parse(String content, String fileName, HostFacts facts) {
        return Parameters.of(MainCfParser.parse(content, fileName), facts);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("open " + file, 0, openFailure(e));
        }
    }

    /** Why a file could not be read, in the words of Postfix's "fatal: open FILE: REASON". */
    static String openFailure(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
