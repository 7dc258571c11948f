package org.jamesfix.launcher;

/**
 * The one line to print when James does not start. Guice wraps the problem (a main.cf line, a bad
 * table, a port in use) in several exceptions whose traces run to 35-100 lines; the innermost one
 * carries the reason with file and line, so that is the one shown. The whole trace is printed only
 * in debug mode (bin/jamesfix --debug, or JAMESFIX_DEBUG=1).
 */
final class StartupFailure {
    static final String DEBUG_VARIABLE = "JAMESFIX_DEBUG";

    private StartupFailure() {
    }

    /** The innermost exception's message, first line only; its class name when it has none. */
    static String reason(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        if (message == null || message.isBlank()) {
            return innermost.getClass().getName();
        }
        String firstLine = message.strip().lines().findFirst().orElse(message);
        return LogText.printable(firstLine);
    }

    /** Whether the full stack traces were asked for. */
    static boolean debug() {
        String value = System.getenv(DEBUG_VARIABLE);
        return value != null && !value.isEmpty() && !value.equals("0");
    }
}
