package org.jamesfix.guice;

import java.util.function.Function;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Origin;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.TableType;

/**
 * The {@code james:} table type: James's own data as Postfix lookup tables, so main.cf can say
 * {@code mydestination = james:domains}. {@code james:domains} finds every domain of James's
 * domain list, {@code james:users} every user of its user repository; the value is the name found.
 * James is asked at lookup time (it is not configured yet when tables are opened); an error from
 * James is a failed lookup (defer), never "not found".
 */
public class JamesTables implements TableType {
    private final DomainList domainList;
    private final UsersRepository usersRepository;

    @Inject
    public JamesTables(DomainList domainList, UsersRepository usersRepository) {
        this.domainList = domainList;
        this.usersRepository = usersRepository;
    }

    @Override
    public LookupTable open(String spec, String name, TableRegistry registry) {
        switch (name) {
            case "domains":
                return new JamesTable(spec, this::domain);
            case "users":
                return new JamesTable(spec, this::user);
            default:
                throw new ConfigException(Origin.of(spec), "unknown james: table \"" + name + "\": use james:domains or james:users");
        }
    }

    private LookupResult domain(String key) {
        Domain domain;
        try {
            domain = Domain.of(key);
        } catch (IllegalArgumentException e) {
            return LookupResult.notFound();
        }
        try {
            return domainList.containsDomain(domain) ? LookupResult.found(domain.asString()) : LookupResult.notFound();
        } catch (DomainListException e) {
            return LookupResult.failed("james:domains: " + e.getMessage());
        }
    }

    private LookupResult user(String key) {
        Username username;
        try {
            username = Username.of(key);
        } catch (IllegalArgumentException e) {
            return LookupResult.notFound();
        }
        try {
            return usersRepository.contains(username) ? LookupResult.found(username.asString()) : LookupResult.notFound();
        } catch (UsersRepositoryException e) {
            return LookupResult.failed("james:users: " + e.getMessage());
        }
    }

    /** One james: table: a spec and the question it asks James. */
    private record JamesTable(String spec, Function<String, LookupResult> question) implements LookupTable {
        @Override
        public LookupResult lookup(String key) {
            return question.apply(key);
        }
    }
}
