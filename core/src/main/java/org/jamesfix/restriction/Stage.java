package org.jamesfix.restriction;

/**
 * The SMTP stage a check is made for, named as Postfix names the protocol state in its log
 * ("NOQUEUE: reject: RCPT from ...").
 */
public enum Stage {
    /** The connection, before the greeting (smtpd_client_restrictions when smtpd_delay_reject = no). */
    CONNECT("CONNECT"),
    /** HELO (smtpd_helo_restrictions when smtpd_delay_reject = no). */
    HELO("HELO"),
    /** EHLO (smtpd_helo_restrictions when smtpd_delay_reject = no). */
    EHLO("EHLO"),
    /** MAIL FROM (smtpd_sender_restrictions when smtpd_delay_reject = no). */
    MAIL("MAIL"),
    /** RCPT TO: relay and recipient restrictions, and the delayed earlier lists. */
    RCPT("RCPT"),
    /** The DATA command (smtpd_data_restrictions). */
    DATA("DATA"),
    /** After the final dot (smtpd_end_of_data_restrictions). */
    END_OF_DATA("END-OF-MESSAGE");

    private final String logName;

    Stage(String logName) {
        this.logName = logName;
    }

    /** The protocol state word Postfix logs ("RCPT", "END-OF-MESSAGE"). */
    public String logName() {
        return logName;
    }
}
