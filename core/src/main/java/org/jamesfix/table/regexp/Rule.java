package org.jamesfix.table.regexp;

import java.util.List;

/** One parsed line of a pattern table: a match rule, an "if" or an "endif". Immutable. */
sealed interface Rule {

    /** The line number (of the first physical line of the logical line). */
    int line();

    /** The same rule with prefiltering switched off. */
    Rule withoutPrefilter();

    /** "/pattern/flags result" (regexp also allows a second, "!/pattern2/", test). */
    record Match(int line, List<Condition> conditions, Replacement replacement) implements Rule {
        public Match {
            conditions = List.copyOf(conditions);
        }

        @Override
        public Rule withoutPrefilter() {
            return new Match(line, conditions.stream().map(Condition::withoutPrefilter).toList(), replacement);
        }
    }

    /** "if /pattern/flags": when the test fails, the search continues after {@code endifIndex}. */
    record If(int line, Condition condition, int endifIndex) implements Rule {
        @Override
        public Rule withoutPrefilter() {
            return new If(line, condition.withoutPrefilter(), endifIndex);
        }
    }

    /** "endif". */
    record Endif(int line) implements Rule {
        @Override
        public Rule withoutPrefilter() {
            return this;
        }
    }
}
