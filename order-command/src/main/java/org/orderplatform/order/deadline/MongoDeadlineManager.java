package org.orderplatform.order.deadline;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.AbstractDeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A deadline manager that keeps its deadlines in MongoDB, so they fire after a restart and on whichever instance
 * claims them first. A due deadline is claimed with one atomic update that sets a lease; it is deleted only after
 * its handler succeeded, so a crash while firing lets another poll fire it again once the lease runs out. A failed
 * handler is retried with a growing delay.
 */
public class MongoDeadlineManager extends AbstractDeadlineManager implements SmartLifecycle {

    static final String COLLECTION = "deadlines";
    private static final Logger log = LoggerFactory.getLogger(MongoDeadlineManager.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);
    private static final int CLAIM_BATCH = 100;

    private final MongoTemplate mongo;
    private final ScopeAwareProvider scopes;
    private final Serializer serializer;
    private final TransactionManager transactionManager;
    private final Duration pollInterval;
    private final Duration lease;
    private final Clock clock;
    private ScheduledExecutorService poller;

    public MongoDeadlineManager(MongoTemplate mongo, ScopeAwareProvider scopes, Serializer serializer,
                                TransactionManager transactionManager, Duration pollInterval, Duration lease, Clock clock) {
        this.mongo = mongo;
        this.scopes = scopes;
        this.serializer = serializer;
        this.transactionManager = transactionManager;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.clock = clock;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("dueAt", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index()
                .on("deadlineName", Sort.Direction.ASC)
                .on("scope", Sort.Direction.ASC));
    }

    @Override
    public String schedule(Duration triggerDuration, String deadlineName, Object messageOrPayload, ScopeDescriptor deadlineScope) {
        return schedule(clock.instant().plus(triggerDuration), deadlineName, messageOrPayload, deadlineScope);
    }

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload, ScopeDescriptor deadlineScope) {
        DeadlineMessage<Object> message = GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime);
        String scheduleId = UUID.randomUUID().toString();
        runOnPrepareCommitOrNow(() -> mongo.insert(stored(scheduleId, processDispatchInterceptors(message), deadlineScope), COLLECTION));
        return scheduleId;
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        runOnPrepareCommitOrNow(() -> mongo.remove(
                Query.query(Criteria.where("_id").is(scheduleId).and("deadlineName").is(deadlineName)), COLLECTION));
    }

    @Override
    public void cancelAll(String deadlineName) {
        runOnPrepareCommitOrNow(() -> mongo.remove(Query.query(Criteria.where("deadlineName").is(deadlineName)), COLLECTION));
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        String serializedScope = serializer.serialize(scope, String.class).getData();
        runOnPrepareCommitOrNow(() -> mongo.remove(Query.query(
                Criteria.where("deadlineName").is(deadlineName).and("scope").is(serializedScope)), COLLECTION));
    }

    /** How many deadlines were due before {@code instant} and have not fired: their handler fails, or nobody polls. */
    public long countDueBefore(Instant instant) {
        return mongo.count(Query.query(Criteria.where("dueAt").lt(Date.from(instant))), COLLECTION);
    }

    /** A deadline that has not fired yet. */
    public record PendingDeadline(String name, Instant dueAt) {
    }

    /** The deadlines not fired yet of each of these sagas, by saga id, earliest first. */
    public Map<String, List<PendingDeadline>> pendingOfSagas(Collection<String> sagaIds) {
        Query ofSagas = Query.query(Criteria.where("scopeType").is(SagaScopeDescriptor.class.getName()))
                .with(Sort.by(Sort.Direction.ASC, "dueAt"));
        ofSagas.fields().include("deadlineName", "dueAt", "scope", "scopeType");
        Map<String, List<PendingDeadline>> pending = new HashMap<>();
        for (Document stored : mongo.find(ofSagas, Document.class, COLLECTION)) {
            SagaScopeDescriptor scope = serializer.deserialize(new SimpleSerializedObject<>(
                    stored.getString("scope"), String.class, stored.getString("scopeType"), null));
            String sagaId = String.valueOf(scope.getIdentifier());
            if (sagaIds.contains(sagaId)) {
                pending.computeIfAbsent(sagaId, id -> new ArrayList<>()).add(new PendingDeadline(
                        stored.getString("deadlineName"), stored.getDate("dueAt").toInstant()));
            }
        }
        return pending;
    }

    /** Fires every deadline that is due and not claimed by another instance; returns how many fired. */
    int fireDueDeadlines() {
        int fired = 0;
        List<String> due;
        do {
            due = dueScheduleIds();
            for (String scheduleId : due) {
                Document claimed = claim(scheduleId);
                if (claimed == null) {
                    continue;
                }
                if (fire(claimed)) {
                    mongo.remove(Query.query(Criteria.where("_id").is(scheduleId)), COLLECTION);
                    fired++;
                } else {
                    retryLater(claimed);
                }
            }
        } while (due.size() == CLAIM_BATCH);
        return fired;
    }

    /**
     * Up to a batch of due deadlines nobody holds, earliest first. One read finds many: when thousands are due at
     * once (an outage holds up as many orders), finding each by itself would read all of them every time.
     */
    private List<String> dueScheduleIds() {
        Query due = unclaimedDue(Date.from(clock.instant())).with(Sort.by(Sort.Direction.ASC, "dueAt")).limit(CLAIM_BATCH);
        due.fields().include("_id");
        return mongo.find(due, Document.class, COLLECTION).stream().map(found -> found.getString("_id")).toList();
    }

    /** Claims the deadline with one atomic update that sets its lease; null when another poll claimed it first. */
    private Document claim(String scheduleId) {
        Date now = Date.from(clock.instant());
        Update lease = new Update().set("lockedUntil", Date.from(now.toInstant().plus(this.lease))).inc("attempts", 1);
        return mongo.findAndModify(unclaimedDue(now).addCriteria(Criteria.where("_id").is(scheduleId)), lease,
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
    }

    private static Query unclaimedDue(Date now) {
        return Query.query(Criteria.where("dueAt").lte(now)
                .orOperator(Criteria.where("lockedUntil").is(null), Criteria.where("lockedUntil").lt(now)));
    }

    private boolean fire(Document stored) {
        DeadlineMessage<?> message = message(stored);
        ScopeDescriptor scope = serializer.deserialize(new SimpleSerializedObject<>(
                stored.getString("scope"), String.class, stored.getString("scopeType"), null));
        UnitOfWork<DeadlineMessage<?>> unitOfWork = new DefaultUnitOfWork<>(message);
        unitOfWork.attachTransaction(transactionManager);
        var chain = new DefaultInterceptorChain<>(unitOfWork, handlerInterceptors(), intercepted -> {
            scopes.provideScopeAwareStream(scope)
                    .filter(component -> component.canResolve(scope))
                    .forEach(component -> sendTo(component, intercepted, scope));
            return null;
        });
        ResultMessage<?> result = unitOfWork.executeWithResult(chain::proceed);
        if (result.isExceptional()) {
            log.warn("Deadline {} for {} failed and will be retried: {}", message.getDeadlineName(),
                    scope.scopeDescription(), result.exceptionResult().getMessage());
            return false;
        }
        return true;
    }

    private static void sendTo(ScopeAware component, DeadlineMessage<?> message, ScopeDescriptor scope) {
        try {
            component.send(message, scope);
        } catch (Exception e) {
            throw new IllegalStateException("deadline " + message.getDeadlineName() + " could not reach " + scope.scopeDescription(), e);
        }
    }

    private void retryLater(Document claimed) {
        int attempts = claimed.getInteger("attempts", 1);
        long delayMillis = Math.min(MAX_RETRY_DELAY.toMillis(), pollInterval.toMillis() * (1L << Math.min(attempts, 20)));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(claimed.getString("_id"))),
                new Update().set("lockedUntil", Date.from(clock.instant().plusMillis(delayMillis))), COLLECTION);
    }

    private Document stored(String scheduleId, DeadlineMessage<?> message, ScopeDescriptor scope) {
        SerializedObject<String> serializedScope = serializer.serialize(scope, String.class);
        SerializedObject<String> payload = serializer.serialize(message.getPayload(), String.class);
        SerializedObject<String> metaData = serializer.serialize(message.getMetaData(), String.class);
        return new Document("_id", scheduleId)
                .append("deadlineName", message.getDeadlineName())
                .append("messageId", message.getIdentifier())
                .append("dueAt", Date.from(message.getTimestamp()))
                .append("scope", serializedScope.getData())
                .append("scopeType", serializedScope.getType().getName())
                .append("payload", payload.getData())
                .append("payloadType", payload.getType().getName())
                .append("payloadRevision", payload.getType().getRevision())
                .append("metaData", metaData.getData())
                .append("lockedUntil", null)
                .append("attempts", 0);
    }

    private DeadlineMessage<?> message(Document stored) {
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(stored.getString("payload"), String.class,
                stored.getString("payloadType"), stored.getString("payloadRevision")));
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(stored.getString("metaData"), String.class,
                MetaData.class.getName(), null));
        var generic = new GenericMessage<>(stored.getString("messageId"), payload, metaData);
        return new GenericDeadlineMessage<>(stored.getString("deadlineName"), generic,
                () -> stored.getDate("dueAt").toInstant());
    }

    @Override
    public synchronized void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deadline-poller");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            fireDueDeadlines();
        } catch (RuntimeException e) {
            log.warn("Polling for due deadlines failed; trying again in {}", pollInterval, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    // Starts after Axon's components, so a deadline never fires into a saga manager that is not running yet.
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    @Override
    public void shutdown() {
        stop();
    }
}
