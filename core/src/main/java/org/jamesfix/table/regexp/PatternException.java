package org.jamesfix.table.regexp;

/** A problem in one pattern or result, without its location; the table parser adds file and line. */
final class PatternException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PatternException(String problem) {
        super(problem);
    }
}
