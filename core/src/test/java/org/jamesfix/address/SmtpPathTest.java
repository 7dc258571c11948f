package org.jamesfix.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MAIL/RCPT arguments as Postfix's smtpd extracts them (expectations: POSTFIX-FACTS, relay replies of Postfix 3.7.11). */
class SmtpPathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "TO:<a@b.example>                 | <a@b.example>",
        "to:<a@b.example> NOTIFY=NEVER    | <a@b.example>",
        "TO: <a@b.example>                | <a@b.example>",
        "TO:a@b.example SIZE=10           | a@b.example",
        "TO:<\"a> b\"@b.example> X=1      | <\"a> b\"@b.example>",
        "TO:<>                            | <>",
    })
    void pathShouldBeCutFromTheArgument(String argument, String path) {
        assertThat(SmtpPath.path(argument, "TO")).contains(path);
    }

    @Test
    void parametersShouldFollowThePath() {
        assertThat(SmtpPath.parameters("TO:<a@b.example> NOTIFY=NEVER  ORCPT=rfc822;a@b.example", "TO"))
            .containsExactly("NOTIFY=NEVER", "ORCPT=rfc822;a@b.example");
        assertThat(SmtpPath.parameters("FROM:<\"x y\"@b.example> SIZE=10", "FROM")).containsExactly("SIZE=10");
        assertThat(SmtpPath.parameters("TO:<a@b.example>", "TO")).isEmpty();
        assertThat(SmtpPath.parameters("<a@b.example> X=1", "TO")).isEmpty();
    }

    @Test
    void argumentWithoutKeywordShouldHaveNoPath() {
        assertThat(SmtpPath.path("<a@b.example>", "TO")).isEmpty();
        assertThat(SmtpPath.path("FROM:<a@b.example>", "TO")).isEmpty();
        assertThat(SmtpPath.path(null, "TO")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<user@foreign.example>                      | user@foreign.example",
        "<User@FOREIGN.example.>                     | User@FOREIGN.example.",
        "<@a.example,@b.example:user@foreign.example> | user@foreign.example",
        "<\"user@foreign.example\"@example.com>      | user@foreign.example@example.com",
        "<user\\@foreign.example@example.com>        | user@foreign.example@example.com",
        "bare@example.com                            | bare@example.com",
        "<postmaster>                                | postmaster",
    })
    void internalFormShouldDropRouteQuotesAndEscapes(String path, String internal) {
        assertThat(SmtpPath.internalForm(path)).contains(internal);
    }

    @Test
    void nullPathShouldBeEmptyAddress() {
        assertThat(SmtpPath.internalForm("<>")).contains("");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"<a@b.example", "a@b.example>", "<\"a@b.example>", "<a\\>", "<a b@b.example>"})
    void malformedPathShouldHaveNoInternalForm(String path) {
        assertThat(SmtpPath.internalForm(path)).isEqualTo(Optional.empty());
    }
}
