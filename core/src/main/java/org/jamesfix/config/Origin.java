package org.jamesfix.config;

/**
 * Where a parameter value came from: a file and line, or a named source without lines (line 0),
 * such as Postfix's built-in defaults or a mailet's overrides. Printed as Postfix prints places:
 * {@code /etc/postfix/main.cf, line 12}.
 */
public record Origin(String source, int line) {
    /** The origin of every built-in default value. */
    public static final Origin DEFAULT = new Origin("default value", 0);

    /** An origin without line numbers (overrides, command line). */
    public static Origin of(String source) {
        return new Origin(source, 0);
    }

    /** A problem located here. */
    public ConfigException error(String problem) {
        return new ConfigException(this, problem);
    }

    /** A warning text located here, in the same form as error messages. */
    public String warning(String problem) {
        return this + ": " + problem;
    }

    @Override
    public String toString() {
        return line > 0 ? source + ", line " + line : source;
    }
}
