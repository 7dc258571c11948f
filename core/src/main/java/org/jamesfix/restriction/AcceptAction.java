package org.jamesfix.restriction;

/**
 * An access(5) action that lets the mail through but changes what happens to it; the SMTP adapter
 * carries it with the message (Postfix hands these to its cleanup server). Immutable.
 *
 * @param kind what to do
 * @param argument the action's text: the address for REDIRECT and BCC, {@code transport:destination}
 *        for FILTER, the header line for PREPEND, the optional reason for HOLD and DISCARD
 */
public record AcceptAction(Kind kind, String argument) {
    /** The mail attribute that carries a message's actions, as access(5) text ("HOLD reason"). */
    public static final String MAIL_ATTRIBUTE = "org.jamesfix.smtp.actions";

    /** The access(5) text of this action, e.g. {@code REDIRECT a@example.test}. */
    public String asText() {
        return argument.isEmpty() ? kind.name() : kind.name() + " " + argument;
    }

    /** The accepting actions of access(5). */
    public enum Kind {
        /** Put the message on hold. */
        HOLD,
        /** Accept and throw away the whole message (every recipient). */
        DISCARD,
        /** Replace all recipients by one address. */
        REDIRECT,
        /** Send the whole message to {@code transport:destination}. */
        FILTER,
        /** Add a header line above the message's own headers. */
        PREPEND,
        /** Add a blind carbon-copy recipient. */
        BCC
    }
}
