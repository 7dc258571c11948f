package org.jamesfix.matchers;

import javax.inject.Inject;

import org.jamesfix.policy.Policy;
import org.jamesfix.restriction.Decision;
import org.jamesfix.restriction.SessionFacts;
import org.jamesfix.restriction.SmtpdRestrictions;
import org.jamesfix.table.LookupTable;

/**
 * {@code SenderAccess=type:name [outcome ...]}: matches when Postfix's check_sender_access with
 * that table, run alone, ends with one of the outcomes (default: the table refuses, 4xx or 5xx).
 * The envelope sender is looked up with access(5)'s key order ({@code user+ext@domain},
 * {@code user@domain}, the domain and its parents per parent_domain_matches_subdomains,
 * {@code user+ext@}, {@code user@}; the null sender as smtpd_null_access_lookup_key). The answer
 * is the same for every recipient unless the table value is a restriction list that looks at the
 * recipient. See {@link AccessTableMatcher} for the condition, outcomes and errors.
 */
public class SenderAccess extends AccessTableMatcher {

    @Inject
    public SenderAccess(Policy policy) {
        super(policy);
    }

    @Override
    Decision check(SmtpdRestrictions restrictions, LookupTable table, SessionFacts facts) {
        return restrictions.checkSenderAccess(table, facts);
    }
}
