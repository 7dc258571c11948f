package org.jamesfix.matchers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesfix.config.ConfigException;
import org.jamesfix.policy.Policy;
import org.jamesfix.restriction.AcceptAction;
import org.jamesfix.restriction.Decision;
import org.jamesfix.restriction.SessionFacts;
import org.jamesfix.restriction.SmtpdRestrictions;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.simple.BraceSyntax;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common part of {@link SenderAccess} and {@link RecipientAccess}: one access(5) table, run
 * per recipient as Postfix's check_sender_access / check_recipient_access would run it alone
 * (core's {@link SmtpdRestrictions#checkSenderAccess}: same key order, reply codes, classes), and
 * a set of outcomes that make the recipient match.
 *
 * Condition: {@code type:name [outcome ...]}, words separated by spaces or commas ({@code { }}
 * protects an inline table). Outcomes, case-insensitive: {@code reject} (a 5xx reply),
 * {@code defer} (a 4xx reply: DEFER, 4NN, DEFER_IF_PERMIT, a failed lookup), {@code permit} (OK,
 * RELAY, a number, or a restriction list that permits), {@code hold}, {@code discard},
 * {@code redirect}, {@code bcc}, {@code filter}, {@code prepend} (that action fired). Without
 * outcomes: {@code reject defer}, i.e. "the table refuses". Errors (no table, not a
 * {@code type:name}, a table that cannot be opened, an unknown outcome, a bad main.cf) stop the
 * mailet container at init with the matcher's name and the problem.
 */
abstract class AccessTableMatcher extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(AccessTableMatcher.class);

    /** What a check can end with; a recipient matches when one of the chosen outcomes happened. */
    enum Outcome {
        REJECT, DEFER, PERMIT, HOLD, DISCARD, REDIRECT, BCC, FILTER, PREPEND;

        boolean happened(Decision decision) {
            switch (this) {
                case REJECT:
                    return decision.reply().map(reply -> !reply.isTemporary()).orElse(false);
                case DEFER:
                    return decision.reply().map(reply -> reply.isTemporary()).orElse(false);
                case PERMIT:
                    return decision.outcome() == Decision.Outcome.PERMIT && !fired(decision, AcceptAction.Kind.DISCARD);
                default:
                    return fired(decision, AcceptAction.Kind.valueOf(name()));
            }
        }

        private static boolean fired(Decision decision, AcceptAction.Kind kind) {
            return decision.actions().stream().anyMatch(action -> action.kind() == kind);
        }

        static String words() {
            return Stream.of(values()).map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
    }

    private final Policy policy;
    private SmtpdRestrictions restrictions;
    private LookupTable table;
    private Set<Outcome> outcomes;

    AccessTableMatcher(Policy policy) {
        this.policy = policy;
    }

    /** The check this matcher runs: sender or recipient access. */
    abstract Decision check(SmtpdRestrictions restrictions, LookupTable table, SessionFacts facts);

    @Override
    public void init() throws MessagingException {
        String name = getMatcherName();
        String condition = getCondition() == null ? "" : getCondition().strip();
        List<String> words = BraceSyntax.items(condition);
        if (words.isEmpty()) {
            throw new MessagingException("matcher " + name + " needs an access table: " + name + "=type:name [outcome ...]");
        }
        String spec = words.get(0);
        if (!TableRegistry.isSpec(spec)) {
            throw new MessagingException("matcher " + name + ": \"" + spec + "\" is not a table (type:name)");
        }
        Set<Outcome> chosen = EnumSet.noneOf(Outcome.class);
        for (String word : words.subList(1, words.size())) {
            try {
                chosen.add(Outcome.valueOf(word.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new MessagingException("matcher " + name + " " + spec + ": unknown outcome \"" + word + "\" (use "
                    + Outcome.words() + ")");
            }
        }
        outcomes = chosen.isEmpty() ? EnumSet.of(Outcome.REJECT, Outcome.DEFER) : chosen;
        try {
            table = policy.tables().open(spec);
        } catch (ConfigException e) {
            throw new MessagingException("matcher " + name + ": table " + spec + ": " + e.getMessage(), e);
        }
        try {
            restrictions = SmtpdRestrictions.load(policy);
        } catch (ConfigException e) {
            throw new MessagingException("matcher " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        SessionFacts session = MailFacts.session(mail);
        List<MailAddress> matched = new ArrayList<>(0);
        for (MailAddress recipient : mail.getRecipients()) {
            Decision decision = check(restrictions, table, session.withRecipient(MailFacts.address(recipient)));
            boolean matches = outcomes.stream().anyMatch(outcome -> outcome.happened(decision));
            log(mail, decision, matches);
            if (matches) {
                matched.add(recipient);
            }
        }
        return matched;
    }

    // Postfix's log lines of the check, under the mail's name instead of NOQUEUE; warnings always.
    private void log(Mail mail, Decision decision, boolean matched) {
        for (String line : decision.logLines()) {
            if (line.startsWith("warning: ")) {
                LOGGER.warn("{} {}: {}", getMatcherName(), mail.getName(), line);
            } else if (matched || LOGGER.isDebugEnabled()) {
                String text = mail.getName() + line.substring(line.indexOf(':'));
                if (matched) {
                    LOGGER.info("{} matched: {}", getMatcherName(), text);
                } else {
                    LOGGER.debug("{} did not match: {}", getMatcherName(), text);
                }
            }
        }
    }
}
