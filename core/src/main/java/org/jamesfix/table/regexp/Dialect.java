package org.jamesfix.table.regexp;

/** The two pattern table types: how their patterns and flags are read. */
enum Dialect {
    /** regexp_table(5): POSIX extended expressions; flags stop at '!', which starts a second pattern. */
    REGEXP("regexp") {
        @Override
        CompiledPattern compile(String source, String flags) {
            return PosixTranslator.compile(source, flags);
        }
    },
    /** pcre_table(5): Perl-compatible expressions; '!' after a pattern is an unknown flag. */
    PCRE("pcre") {
        @Override
        CompiledPattern compile(String source, String flags) {
            return PcreTranslator.compile(source, flags);
        }
    };

    private final String typeName;

    Dialect(String typeName) {
        this.typeName = typeName;
    }

    String typeName() {
        return typeName;
    }

    /** Translates and compiles one pattern (a byte string) with its flags; throws {@link PatternException}. */
    abstract CompiledPattern compile(String source, String flags);
}
