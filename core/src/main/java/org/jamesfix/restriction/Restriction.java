package org.jamesfix.restriction;

/**
 * One parsed element of a restriction list ({@code permit_mynetworks}, {@code check_client_access
 * hash:/etc/postfix/access}, a restriction class ...). Built once when the policy loads, then
 * shared by every session: implementations are immutable and keep per-check state in the
 * {@link Evaluation}.
 */
interface Restriction {

    /** What a restriction says, as Postfix's generic_checks loop understands it. */
    enum Status {
        /** No opinion: go on with the next restriction. */
        DUNNO,
        /** Permit: ends this list only. */
        OK,
        /** Reject or defer: ends the stage; the reply is in the evaluation. */
        REJECT
    }

    /** Applies this restriction to the evaluation's facts. */
    Status apply(Evaluation evaluation);

    /** The name as written in main.cf (for diagnostics). */
    String name();
}
