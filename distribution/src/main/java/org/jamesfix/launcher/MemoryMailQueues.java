package org.jamesfix.launcher;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.memory.MemoryMailQueueFactory.MemoryCacheableMailQueue;

import com.google.common.collect.ImmutableSet;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The memory-app's mail queues (spool, outgoing) without James 3.8.1's lost-mail bug: its
 * MemoryMailQueueFactory counts references and, when a count drops to zero, stops the queue's
 * consumer and clears its mail. WebAdmin's routes close the queues they look up, and
 * {@code GET /mailQueues/NAME/mails} closes one twice, so one listing of the outgoing queue
 * dropped every queued message and stopped remote delivery for good (a listing of the spool queue
 * would stop all mail processing). Here a queue lives as long as the server: close() by a user
 * does nothing, and the queues are disposed when the server stops. Storage, delays, browse and
 * flush are James's own MemoryCacheableMailQueue.
 */
public final class MemoryMailQueues implements MailQueueFactory<ManageableMailQueue> {
    private final ConcurrentHashMap<MailQueueName, ServerLifetimeQueue> queues = new ConcurrentHashMap<>();
    private final MailQueueItemDecoratorFactory decorators;
    private final Clock clock;

    @Inject
    public MemoryMailQueues(MailQueueItemDecoratorFactory decorators, Clock clock) {
        this.decorators = decorators;
        this.clock = clock;
    }

    @Override
    public Optional<ManageableMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public ManageableMailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return queues.computeIfAbsent(name, queueName -> new ServerLifetimeQueue(queueName, decorators, clock));
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return ImmutableSet.copyOf(queues.keySet());
    }

    /** Server stop: the consumers end and the (memory-only) mail goes. */
    @PreDestroy
    public void dispose() {
        queues.values().forEach(ServerLifetimeQueue::dispose);
        queues.clear();
    }

    /** Binds these queues to every key under which the memory-app offers its queue factory. */
    public static final class Module extends AbstractModule {
        @Override
        protected void configure() {
            bind(MemoryMailQueues.class).in(com.google.inject.Scopes.SINGLETON);
        }

        @Provides
        @Singleton
        MailQueueFactory<? extends ManageableMailQueue> manageable(MemoryMailQueues queues) {
            return queues;
        }

        @Provides
        @Singleton
        MailQueueFactory<?> any(MemoryMailQueues queues) {
            return queues;
        }

        @Provides
        @Singleton
        MailQueueFactory<? extends MailQueue> plain(MemoryMailQueues queues) {
            return queues;
        }
    }

    /** James's memory queue whose users' close() is not the end of it. */
    private static final class ServerLifetimeQueue extends MemoryCacheableMailQueue {
        ServerLifetimeQueue(MailQueueName name, MailQueueItemDecoratorFactory decorators, Clock clock) {
            super(name, decorators, clock);
        }

        @Override
        public void close() {
            // Why: a user's handle, not the queue's end (see the class comment).
        }

        void dispose() {
            super.close();
        }
    }
}
