package org.jamesfix.guice;

import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.Mappings;
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
 * domain list, {@code james:users} every user of its user repository (the value is the name
 * found), {@code james:rrt} every address James's recipient rewrite table maps somewhere
 * (aliases, forwards, groups, domain aliases; the value is the mappings), so
 * {@code local_recipient_maps = james:users, james:rrt} accepts what James can deliver.
 * James is asked at lookup time (it is not configured yet when tables are opened); an error from
 * James is a failed lookup (defer), never "not found".
 */
public class JamesTables implements TableType {
    private final DomainList domainList;
    private final UsersRepository usersRepository;
    private final RecipientRewriteTable rewriteTable;

    @Inject
    public JamesTables(DomainList domainList, UsersRepository usersRepository, RecipientRewriteTable rewriteTable) {
        this.domainList = domainList;
        this.usersRepository = usersRepository;
        this.rewriteTable = rewriteTable;
    }

    @Override
    public LookupTable open(String spec, String name, TableRegistry registry) {
        switch (name) {
            case "domains":
                return LookupTable.of(spec, this::domain);
            case "users":
                return LookupTable.of(spec, this::user);
            case "rrt":
                return LookupTable.of(spec, this::mapping);
            default:
                throw new ConfigException(Origin.of(spec), "unknown james: table \"" + name
                    + "\": use james:domains, james:users or james:rrt");
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

    private LookupResult mapping(String key) {
        MailAddress address;
        try {
            address = new MailAddress(key);
        } catch (Exception e) {
            return LookupResult.notFound();
        }
        try {
            Mappings mappings = rewriteTable.getResolvedMappings(address.getLocalPart(), address.getDomain());
            return mappings.isEmpty() ? LookupResult.notFound()
                : LookupResult.found(mappings.asStream().map(Mapping::asString).collect(Collectors.joining(", ")));
        } catch (RecipientRewriteTable.ErrorMappingException e) {
            // An error: mapping exists; delivery reports the error.
            return LookupResult.found("error:" + e.getMessage());
        } catch (RecipientRewriteTableException e) {
            return LookupResult.failed("james:rrt: " + e.getMessage());
        }
    }
}
