package org.jamesfix.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.jamesfix.config.ConfigException;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** james:domains and james:users against James's own in-memory domain list and user repository. */
class JamesTablesTest {
    private TableRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        MemoryDomainList domainList = new MemoryDomainList(new InMemoryDNSService());
        domainList.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
            .defaultDomain(Domain.of("example.test")));
        domainList.addDomain(Domain.of("other.test"));
        MemoryUsersRepository users = MemoryUsersRepository.withVirtualHosting(domainList);
        users.addUser(Username.of("alice@example.test"), "secret");
        MemoryRecipientRewriteTable rewriteTable = new MemoryRecipientRewriteTable();
        rewriteTable.setConfiguration(RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
        rewriteTable.setDomainList(domainList);
        rewriteTable.setUsersRepository(users);
        rewriteTable.addMapping(MappingSource.fromUser("sales", Domain.of("example.test")), Mapping.address("alice@example.test"));
        registry = TableRegistry.standard(Path.of(".")).with("james", new JamesTables(domainList, users, rewriteTable));
    }

    @Test
    void domainsShouldFindJamesDomainsCaseInsensitively() {
        LookupTable domains = registry.open("james:domains");

        assertThat(domains.lookup("other.test")).isEqualTo(LookupResult.found("other.test"));
        assertThat(domains.lookup("OTHER.TEST")).isEqualTo(LookupResult.found("other.test"));
        assertThat(domains.lookup("example.test")).isEqualTo(LookupResult.found("example.test"));
        assertThat(domains.lookup("elsewhere.test")).isSameAs(LookupResult.notFound());
        assertThat(domains.lookup("not a domain!")).isSameAs(LookupResult.notFound());
    }

    @Test
    void usersShouldFindJamesUsers() {
        LookupTable users = registry.open("james:users");

        assertThat(users.lookup("alice@example.test")).isEqualTo(LookupResult.found("alice@example.test"));
        assertThat(users.lookup("bob@example.test")).isSameAs(LookupResult.notFound());
        assertThat(users.lookup("@@")).isSameAs(LookupResult.notFound());
    }

    @Test
    void rrtShouldFindAddressesJamesRewrites() {
        LookupTable rrt = registry.open("james:rrt");

        assertThat(rrt.lookup("sales@example.test")).isEqualTo(LookupResult.found("alice@example.test"));
        assertThat(rrt.lookup("alice@example.test")).isSameAs(LookupResult.notFound());
        assertThat(rrt.lookup("@@")).isSameAs(LookupResult.notFound());
    }

    @Test
    void unknownJamesTableShouldBeRefusedWithItsSpec() {
        assertThatThrownBy(() -> registry.open("james:aliases"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("james:aliases: unknown james: table \"aliases\": use james:domains, james:users or james:rrt");
    }
}
