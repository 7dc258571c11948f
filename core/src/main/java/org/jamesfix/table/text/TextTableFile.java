package org.jamesfix.table.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jamesfix.config.ConfigException;

/**
 * Reads the postmap(1) source format shared by texthash: and the indexed types: "key whitespace
 * value" per logical line; a line starting with whitespace continues the previous one (Postfix
 * drops only the newline, keeping the continuation's own whitespace); blank lines and lines whose
 * first non-blank character is '#' are skipped; trailing whitespace is dropped.
 *
 * As Postfix: keys are folded to lower case (unless the caller asks not to); a duplicate key keeps
 * the FIRST value and is reported as a warning ({@code FILE, line N: duplicate entry: "key"}).
 * Unlike Postfix, which warns and skips them, a line without a value, an indented first line and
 * non-UTF-8 text are errors naming file and line: a table that silently lost a line would route
 * or admit mail differently from what the admin wrote.
 */
public final class TextTableFile {

    /** One key and its value, with the line where the logical line began. */
    public record Entry(String key, String value, int line) {
    }

    /** The entries in file order (duplicates removed) and the warnings. */
    public record Parsed(List<Entry> entries, List<String> warnings) {
        public Parsed {
            entries = List.copyOf(entries);
            warnings = List.copyOf(warnings);
        }
    }

    private TextTableFile() {
    }

    /** Reads and parses a table source file. */
    public static Parsed read(Path file, boolean foldKeys) {
        return parse(readUtf8(file), file.toString(), foldKeys);
    }

    /** Parses table text; {@code fileName} is only used in messages. */
    public static Parsed parse(String content, String fileName, boolean foldKeys) {
        List<Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = content.split("\n", -1);
        StringBuilder logical = null;
        int logicalLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (logical == null) {
                    throw new ConfigException(fileName, i + 1, "logical line must not start with whitespace: \"" + line + "\"");
                }
                logical.append(line);
                continue;
            }
            if (logical != null) {
                add(logical.toString(), logicalLine, fileName, foldKeys, entries, warnings, seen);
            }
            logical = new StringBuilder(line);
            logicalLine = i + 1;
        }
        if (logical != null) {
            add(logical.toString(), logicalLine, fileName, foldKeys, entries, warnings, seen);
        }
        return new Parsed(entries, warnings);
    }

    private static void add(String logical, int line, String fileName, boolean foldKeys,
                            List<Entry> entries, List<String> warnings, Set<String> seen) {
        String text = logical.strip();
        int split = 0;
        while (split < text.length() && !Character.isWhitespace(text.charAt(split))) {
            split++;
        }
        String value = text.substring(split).strip();
        if (value.isEmpty()) {
            throw new ConfigException(fileName, line, "expected format: key whitespace value");
        }
        String key = text.substring(0, split);
        if (foldKeys) {
            key = key.toLowerCase(Locale.ROOT);
        }
        if (!seen.add(key)) {
            warnings.add(fileName + ", line " + line + ": duplicate entry: \"" + key + "\"");
            return;
        }
        entries.add(new Entry(key, value, line));
    }

    /**
     * A table file's text as strict UTF-8, so a table in another encoding is refused with its
     * line instead of mangled; open and read errors worded as Postfix words them.
     */
    public static String readUtf8(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, "open: No such file or directory");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file.toString(), 0, "open: Permission denied");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "read: " + e.getMessage());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), firstBadLine(bytes), "non-UTF-8 input");
        }
    }

    private static int firstBadLine(byte[] bytes) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return 0;
    }
}
