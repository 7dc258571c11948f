package org.jamesfix.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.config.Parameters;
import org.junit.jupiter.api.Test;

class LimitSettingsTest {
    private static final HostFacts HOST = HostFacts.of("vm", "127.0.0.1/8", "::1/128");

    @Test
    void fromShouldGivePostfixNormalValuesWhenMainCfIsEmpty() {
        LimitSettings settings = LimitSettings.from(MainCf.parse("", "main.cf", HOST));

        assertThat(settings).isEqualTo(new LimitSettings(10, 20, Duration.ofSeconds(1), 100, 1000, 1000, 50, 0, 0,
            Duration.ofSeconds(60)));
    }

    @Test
    void eventLimitExceptionsShouldBeMynetworksWhenTheOlderNameIsEmpty() {
        Parameters parameters = MainCf.parse("mynetworks = 127.0.0.1/32\n", "main.cf", HOST);

        assertThat(parameters.getList("smtpd_client_event_limit_exceptions")).containsExactly("127.0.0.1/32");
        assertThat(parameters.getTime("smtpd_timeout")).isEqualTo(Duration.ofSeconds(300));
    }
}
