package org.jamesfix.restriction;

/**
 * Which restriction list is being evaluated: it decides what a reply talks about (Postfix's reply
 * class, "Client host", "Recipient address" ...) and which access check a bare {@code type:table}
 * element stands for.
 */
enum ListKind {
    CLIENT("Client host", "check_client_access"),
    HELO("Helo command", "check_helo_access"),
    SENDER("Sender address", "check_sender_access"),
    RECIPIENT("Recipient address", "check_recipient_access"),
    DATA("Data command", ""),
    END_OF_DATA("End-of-data", "");

    private final String replyClass;
    private final String defaultAccessCheck;

    ListKind(String replyClass, String defaultAccessCheck) {
        this.replyClass = replyClass;
        this.defaultAccessCheck = defaultAccessCheck;
    }

    /** The words after the subject in a reply: {@code <subject>: Client host rejected: ...}. */
    String replyClass() {
        return replyClass;
    }

    /** The access check a bare table in this list means; "" when a bare table is an error. */
    String defaultAccessCheck() {
        return defaultAccessCheck;
    }
}
