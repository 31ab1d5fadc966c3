package org.orderplatform.support.deadletter;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.DeadLetterEntry;
import org.axonframework.extensions.mongo.eventhandling.deadletter.DeadLetterEventEntry;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoDeadLetter;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The dead letters of a service's processors: listed from the queue's collection, retried a sequence at a time
 * through Axon's dead-letter processor (which hands the events to the processor's handlers in order and stops at the
 * first that fails again), evicted one by one. Letters with fewer than {@code support.dead-letters.max-attempts}
 * attempts are also retried every {@code support.dead-letters.retry-interval}; past that they stay parked until an
 * operator retries or evicts them.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final String ID = "_id";

    private final List<String> processors;
    private final EventProcessingConfiguration processing;
    private final MongoTemplate mongo;
    private final Serializer serializer;
    private final int maxAttempts;
    private boolean automaticRetryFailing;

    public DeadLetters(DeadLetteredProcessors processors, EventProcessingConfiguration processing, MongoTemplate mongo,
                       Serializer serializer, int maxAttempts) {
        this.processors = processors.names();
        this.processing = processing;
        this.mongo = mongo;
        this.serializer = serializer;
        this.maxAttempts = maxAttempts;
    }

    /** Every parked event, by processor, then oldest first. */
    public List<DeadLetterView> list() {
        return letters().find(anyProcessor()).map(this::view).into(new ArrayList<>()).stream()
                .sorted(Comparator.comparing(DeadLetterView::processor)
                        .thenComparing(DeadLetterView::enqueuedAt)
                        .thenComparing(DeadLetterView::sequence)
                        .thenComparingLong(DeadLetterView::index))
                .toList();
    }

    /** How many events each processor has parked. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        processors.forEach(processor -> counts.put(processor,
                letters().countDocuments(DeadLetterEntry.processingGroupFilter(processor))));
        return counts;
    }

    /**
     * Retries the sequence the letter belongs to, from its oldest letter.
     *
     * @throws NoSuchDeadLetterException for an unknown id
     * @throws DeadLetterBusyException   while the sequence is being retried elsewhere
     */
    public RetryOutcome retry(String id) {
        DeadLetterEntry letter = parked(id);
        AtomicBoolean taken = new AtomicBoolean();
        boolean succeeded = processor(letter.getProcessingGroup()).process(candidate -> {
            boolean same = sequenceOf(candidate).equals(letter.getSequenceIdentifier());
            if (same) {
                taken.set(true);
            }
            return same;
        });
        List<DeadLetterView> remaining = sequence(letter.getProcessingGroup(), letter.getSequenceIdentifier());
        if (!taken.get() && !remaining.isEmpty()) {
            throw new DeadLetterBusyException("sequence " + letter.getSequenceIdentifier() + " of processor "
                    + letter.getProcessingGroup() + " is being retried already");
        }
        return new RetryOutcome(letter.getProcessingGroup(), letter.getSequenceIdentifier(),
                succeeded || remaining.isEmpty(), remaining);
    }

    /** Retries every sequence of every processor once, however often its letters failed before. */
    public List<RetryOutcome> retryAll() {
        return retryEach(letter -> true);
    }

    /** The automatic retry: sequences whose oldest letter has attempts left. */
    @Scheduled(fixedDelayString = "${support.dead-letters.retry-interval:5m}",
            initialDelayString = "${support.dead-letters.retry-interval:5m}")
    public void retryDue() {
        try {
            retryEach(letter -> DeadLetterPolicy.attempts(letter.diagnostics()) < maxAttempts).forEach(outcome ->
                    log.info("Retried the dead letters of sequence {} of processor {}: {}", outcome.sequence(),
                            outcome.processor(), outcome.succeeded() ? "handled" : "still failing"));
            automaticRetryFailing = false;
        } catch (RuntimeException e) {
            // Said once until the retry works again, not at every interval.
            if (!automaticRetryFailing) {
                log.warn("Dead letters cannot be retried now: {}", e.toString());
            }
            automaticRetryFailing = true;
        }
    }

    /**
     * Removes one letter; the sequence's later letters stay parked until they are retried.
     *
     * @throws NoSuchDeadLetterException for an unknown id
     */
    public void evict(String id) {
        if (letters().deleteOne(Filters.and(Filters.eq(ID, objectId(id)), anyProcessor())).getDeletedCount() == 0) {
            throw unknown(id);
        }
    }

    /** Each sequence once, oldest touched first, whose oldest letter is {@code due}. */
    private List<RetryOutcome> retryEach(Predicate<DeadLetter<? extends EventMessage<?>>> due) {
        List<RetryOutcome> outcomes = new ArrayList<>();
        for (String processor : processors) {
            Set<String> tried = new HashSet<>();
            while (true) {
                AtomicReference<String> picked = new AtomicReference<>();
                boolean succeeded = processor(processor).process(candidate -> {
                    String sequence = sequenceOf(candidate);
                    boolean pick = picked.get() == null && !tried.contains(sequence) && due.test(candidate);
                    if (pick) {
                        picked.set(sequence);
                    }
                    return pick;
                });
                if (picked.get() == null) {
                    break;
                }
                tried.add(picked.get());
                List<DeadLetterView> remaining = sequence(processor, picked.get());
                outcomes.add(new RetryOutcome(processor, picked.get(), succeeded || remaining.isEmpty(), remaining));
            }
        }
        return outcomes;
    }

    private List<DeadLetterView> sequence(String processor, String sequence) {
        return letters().find(DeadLetterEntry.processingGroupAndSequenceIdentifierFilter(processor, sequence))
                .sort(DeadLetterEntry.indexSortAscending())
                .map(this::view)
                .into(new ArrayList<>());
    }

    private DeadLetterEntry parked(String id) {
        Document document = letters().find(Filters.and(Filters.eq(ID, objectId(id)), anyProcessor())).first();
        if (document == null) {
            throw unknown(id);
        }
        return new DeadLetterEntry(document);
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> processor(String processor) {
        return processing.sequencedDeadLetterProcessor(processor).orElseThrow(() ->
                new IllegalStateException("processor " + processor + " has no dead-letter queue"));
    }

    private DeadLetterView view(Document document) {
        DeadLetterEntry entry = new DeadLetterEntry(document);
        DeadLetterEventEntry event = entry.getMessage(EventEntryConfiguration.getDefault());
        MetaData diagnostics = serializer.deserialize(entry.getDiagnostics());
        String cause = entry.getCauseType() == null ? null
                : entry.getCauseMessage() == null ? entry.getCauseType()
                : entry.getCauseType() + ": " + entry.getCauseMessage();
        String aggregateId = event.getAggregateIdentifier();
        return new DeadLetterView(document.getObjectId(ID).toHexString(), entry.getProcessingGroup(),
                event.getPayload().getType().getName(), aggregateId, cause, DeadLetterPolicy.attempts(diagnostics),
                entry.getSequenceIdentifier(), entry.getIndex(), event.getEventIdentifier(),
                aggregateId == null ? null : event.getSequenceNumber(), entry.getEnqueuedAt(), entry.getLastTouched());
    }

    private Bson anyProcessor() {
        return Filters.or(processors.stream().map(DeadLetterEntry::processingGroupFilter).toList());
    }

    private MongoCollection<Document> letters() {
        return mongo.deadLetterCollection();
    }

    /** The letters Axon hands to a filter are the queue's own, which know their sequence. */
    private static String sequenceOf(DeadLetter<?> letter) {
        return ((MongoDeadLetter<?>) letter).sequenceIdentifier();
    }

    private static ObjectId objectId(String id) {
        if (!ObjectId.isValid(id)) {
            throw unknown(id);
        }
        return new ObjectId(id);
    }

    private static NoSuchDeadLetterException unknown(String id) {
        return new NoSuchDeadLetterException("no dead letter " + id);
    }
}
