package org.orderplatform.axonserver.compat;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.orderplatform.axonserver.compat.Bank.FindBalanceQuery;
import org.orderplatform.axonserver.compat.Bank.MoneyDepositedEvent;
import org.orderplatform.axonserver.compat.Bank.WhoAnswersQuery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The handlers of the "teller" application: a balance projection with live updates and two event logs. */
final class Teller {

    static final String TRACKING_LOG = "tracking-log";
    static final String POOLED_LOG = "pooled-log";
    static final String BALANCES = "balances";

    private Teller() {
    }

    @ProcessingGroup(BALANCES)
    static final class Balances {

        private final Map<String, Integer> balances = new ConcurrentHashMap<>();

        @EventHandler
        void on(MoneyDepositedEvent event, QueryUpdateEmitter emitter) {
            balances.put(event.accountId(), event.balance());
            emitter.emit(FindBalanceQuery.class, query -> query.accountId().equals(event.accountId()), event.balance());
        }

        @QueryHandler
        Integer handle(FindBalanceQuery query) {
            return balances.getOrDefault(query.accountId(), 0);
        }
    }

    /** Records every event it sees with its position in the stream; a reset starts the record afresh. */
    abstract static class EventLog {

        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(EventMessage<?> event, TrackingToken token) {
            seen.add(new Seen(event.getIdentifier(), token.position().orElseThrow()));
        }

        @ResetHandler
        void onReset() {
            seen.clear();
        }
    }

    @ProcessingGroup(TRACKING_LOG)
    static final class TrackingLog extends EventLog {
    }

    @ProcessingGroup(POOLED_LOG)
    static final class PooledLog extends EventLog {
    }

    record Seen(String eventIdentifier, long position) {
    }

    static final class WhoAnswers {

        private final String component;

        WhoAnswers(String component) {
            this.component = component;
        }

        @QueryHandler
        String handle(WhoAnswersQuery query) {
            return component;
        }
    }
}
