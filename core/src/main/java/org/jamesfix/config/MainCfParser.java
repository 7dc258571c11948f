package org.jamesfix.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits main.cf text into {@link Definition}s, as Postfix reads main.cf (checked against
 * Postfix 3.7 postconf): one {@code name = value} per logical line; a line starting with
 * whitespace continues the logical line (the newline is dropped, its leading whitespace kept);
 * blank lines and lines whose first non-whitespace character is {@code #} are skipped and do not
 * end a logical line; a {@code #} elsewhere is part of the value; whitespace around {@code =} and
 * at the end of a logical line is ignored; a later definition of a name replaces an earlier one
 * with a warning.
 *
 * Errors ({@link ConfigException}, first one wins): a continuation line with no logical line
 * before it (Postfix only warns and skips it; we refuse), a missing {@code =}, an empty name.
 * Limits: no expansion or type checks here; see {@link Parameters}.
 */
public final class MainCfParser {
    private MainCfParser() {
    }

    /** The result of parsing one file: the surviving definitions in file order, and warnings. */
    public record Result(List<Definition> definitions, List<String> warnings) {
        public Result {
            definitions = List.copyOf(definitions);
            warnings = List.copyOf(warnings);
        }
    }

    /** Parses main.cf content; fileName is used in error and warning messages. */
    public static Result parse(String content, String fileName) {
        Map<String, Definition> byName = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        StringBuilder logical = null;
        int logicalLine = 0;
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (isBlankOrComment(line)) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (logical == null) {
                    throw new ConfigException(fileName, i + 1,
                        "logical line must not start with whitespace: \"" + line + "\"");
                }
                logical.append(line);
                continue;
            }
            if (logical != null) {
                define(byName, warnings, logical.toString(), new Origin(fileName, logicalLine));
            }
            logical = new StringBuilder(line);
            logicalLine = i + 1;
        }
        if (logical != null) {
            define(byName, warnings, logical.toString(), new Origin(fileName, logicalLine));
        }
        return new Result(new ArrayList<>(byName.values()), warnings);
    }

    /** True for lines Postfix skips entirely: empty, whitespace only, or a comment. */
    private static boolean isBlankOrComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '#';
            }
        }
        return true;
    }

    /** Splits one logical line into name and value and records it, replacing an earlier one. */
    private static void define(Map<String, Definition> byName, List<String> warnings, String logical, Origin origin) {
        String text = logical.strip();
        int end = 0;
        while (end < text.length() && text.charAt(end) != '=' && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String name = text.substring(0, end);
        if (name.isEmpty()) {
            throw origin.error("missing attribute name: \"" + text + "\"");
        }
        int equals = end;
        while (equals < text.length() && Character.isWhitespace(text.charAt(equals))) {
            equals++;
        }
        if (equals >= text.length() || text.charAt(equals) != '=') {
            throw origin.error("missing '=' after attribute name: \"" + text + "\"");
        }
        String value = text.substring(equals + 1).strip();
        Definition previous = byName.remove(name);
        if (previous != null) {
            warnings.add(origin.warning("overriding earlier entry: " + name + "=" + previous.rawValue()));
        }
        byName.put(name, new Definition(name, value, origin));
    }
}
