package org.jamesfix.config;

/**
 * A configuration problem that stops loading: a malformed main.cf line, a bad expansion, or a
 * value of the wrong type. The message reads like Postfix's: {@code FILE, line N: problem}, or
 * {@code SOURCE: problem} when the value has no line (a default value, an override).
 *
 * Unchecked, because typed getters are called on every SMTP command and values are validated
 * once, when {@link Parameters} are built.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    public ConfigException(String file, int line, String problem) {
        super(line > 0 ? file + ", line " + line + ": " + problem : file + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** Where the offending value was written at. */
    public ConfigException(Origin origin, String problem) {
        this(origin.source(), origin.line(), problem);
    }

    /** The file (or source, such as "default value" or a mailet name) holding the bad value. */
    public String getFile() {
        return file;
    }

    /** The line number in {@link #getFile()}, or 0 when the source has no lines. */
    public int getLine() {
        return line;
    }

    /** What is wrong, without the location. */
    public String getProblem() {
        return problem;
    }
}
