package org.jamesfix.limit;

import java.time.Duration;

import org.jamesfix.config.Parameters;

/** The smtpd(8) limit parameters of one listener, read once from main.cf (and its overrides). */
public record LimitSettings(int softErrorLimit, int hardErrorLimit, Duration errorSleep, int junkCommandLimit,
        int recipientLimit, int recipientOvershootLimit, int connectionCountLimit, int connectionRateLimit,
        int authRateLimit, Duration rateTimeUnit) {

    public static LimitSettings from(Parameters parameters) {
        return new LimitSettings(parameters.getInt("smtpd_soft_error_limit"), parameters.getInt("smtpd_hard_error_limit"),
            parameters.getTime("smtpd_error_sleep_time"), parameters.getInt("smtpd_junk_command_limit"),
            parameters.getInt("smtpd_recipient_limit"), parameters.getInt("smtpd_recipient_overshoot_limit"),
            parameters.getInt("smtpd_client_connection_count_limit"), parameters.getInt("smtpd_client_connection_rate_limit"),
            parameters.getInt("smtpd_client_auth_rate_limit"), parameters.getTime("anvil_rate_time_unit"));
    }
}
