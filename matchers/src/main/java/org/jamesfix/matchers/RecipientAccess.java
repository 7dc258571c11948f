package org.jamesfix.matchers;

import javax.inject.Inject;

import org.jamesfix.policy.Policy;
import org.jamesfix.restriction.Decision;
import org.jamesfix.restriction.SessionFacts;
import org.jamesfix.restriction.SmtpdRestrictions;
import org.jamesfix.table.LookupTable;

/**
 * {@code RecipientAccess=type:name [outcome ...]}: matches the recipients for which Postfix's
 * check_recipient_access with that table, run alone, ends with one of the outcomes (default: the
 * table refuses, 4xx or 5xx). Each recipient is looked up with access(5)'s key order
 * ({@code user+ext@domain}, {@code user@domain}, the domain and its parents per
 * parent_domain_matches_subdomains, {@code user+ext@}, {@code user@}). See
 * {@link AccessTableMatcher} for the condition, outcomes and errors.
 */
public class RecipientAccess extends AccessTableMatcher {

    @Inject
    public RecipientAccess(Policy policy) {
        super(policy);
    }

    @Override
    Decision check(SmtpdRestrictions restrictions, LookupTable table, SessionFacts facts) {
        return restrictions.checkRecipientAccess(table, facts);
    }
}
