package org.orderplatform.support.deadletter;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.DeadLetterEntry;
import org.axonframework.extensions.mongo.eventhandling.deadletter.EventMessageDeadLetterMongoConverter;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoDeadLetter;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Axon's MongoDB dead-letter queue, with two corrections:
 * <ul>
 *     <li>Each event is parked at most once. Parking is not part of the processor's unit of work: a batch that fails
 *     after one of its events was parked is handled again, finds that event's sequence parked, and would park the
 *     event a second time.</li>
 *     <li>A sequence is retried from its first letter by index. Axon's query takes the first letter of a sequence
 *     in the collection's natural order, which deletes reorder (the MongoDB stand-in reuses the room of a deleted
 *     document), and would retry a later event before an earlier one.</li>
 * </ul>
 */
final class ParkedEventQueue extends MongoSequencedDeadLetterQueue<EventMessage<?>> {

    /** How long a retry holds a sequence; another instance may take it over after that. */
    private static final Duration CLAIM = Duration.ofSeconds(30);
    /** Where a {@link DeadLetterEntry} keeps its event's identifier. */
    private static final String EVENT_IDENTIFIER = "message."
            + EventEntryConfiguration.getDefault().eventIdentifierProperty();

    private final String processingGroup;
    private final MongoCollection<Document> letters;
    private final Serializer serializer;
    private final EventMessageDeadLetterMongoConverter converter = new EventMessageDeadLetterMongoConverter();

    ParkedEventQueue(String processingGroup, MongoTemplate mongo, Serializer serializer) {
        super(MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(processingGroup)
                .mongoTemplate(mongo)
                .serializer(serializer)
                .claimDuration(CLAIM));
        this.processingGroup = processingGroup;
        this.letters = mongo.deadLetterCollection();
        this.serializer = serializer;
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        if (!parked(sequenceIdentifier, letter.message().getIdentifier())) {
            super.enqueue(sequenceIdentifier, letter);
        }
    }

    /** Axon's own processing, but over the sequences' first letters by index. */
    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                           Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task) {
        Instant claimedSince = claimedSince();
        List<Bson> firstLetters = new ArrayList<>(DeadLetterEntry.firstNotLockedFilter(processingGroup, claimedSince));
        // After the stage that selects the processing group's letters, before the one that takes each sequence's first.
        firstLetters.add(1, Aggregates.sort(DeadLetterEntry.indexSortAscending()));
        for (Document id : letters.aggregate(firstLetters).into(new ArrayList<>())) {
            Document document = letters.find(id).first();
            if (document != null && !DeadLetterEntry.isLocked(claimedSince, document)) {
                MongoDeadLetter<EventMessage<?>> first = letter(document);
                if (sequenceFilter.test(first) && claim(first)) {
                    return processFrom(first, task);
                }
            }
        }
        return false;
    }

    /** Hands the sequence's letters to the task in order, evicting each it handled, up to the first it did not. */
    private boolean processFrom(
            MongoDeadLetter<EventMessage<?>> first,
            Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task) {
        MongoDeadLetter<EventMessage<?>> letter = first;
        while (letter != null) {
            EnqueueDecision<EventMessage<?>> decision = task.apply(letter);
            if (decision.shouldEnqueue()) {
                requeue(letter, failed -> decision.withDiagnostics(failed)
                        .withCause(decision.enqueueCause().orElse(null)));
                return false;
            }
            Document nextDocument = letters.find(DeadLetterEntry.nextItemInSequenceFilter(processingGroup,
                    letter.sequenceIdentifier(), letter.index())).sort(DeadLetterEntry.indexSortAscending()).first();
            MongoDeadLetter<EventMessage<?>> next = nextDocument == null ? null : letter(nextDocument);
            // Claimed before the handled letter goes, so that no other retry starts the sequence in between.
            if (next != null) {
                claim(next);
            }
            evict(letter);
            letter = next;
        }
        return true;
    }

    private boolean claim(MongoDeadLetter<EventMessage<?>> letter) {
        return letters.updateOne(
                DeadLetterEntry.uniqueNotLockedFilter(processingGroup, letter.sequenceIdentifier(), letter.index(),
                        claimedSince()),
                DeadLetterEntry.updateProcessingStarted(GenericDeadLetter.clock.instant())).getMatchedCount() > 0;
    }

    private MongoDeadLetter<EventMessage<?>> letter(Document document) {
        DeadLetterEntry entry = new DeadLetterEntry(document);
        return new MongoDeadLetter<>(entry, serializer.deserialize(entry.getDiagnostics()),
                converter.convert(entry.getMessage(EventEntryConfiguration.getDefault()), serializer));
    }

    private boolean parked(Object sequenceIdentifier, String eventIdentifier) {
        Bson sameEvent = Filters.and(
                DeadLetterEntry.processingGroupAndSequenceIdentifierFilter(processingGroup, stored(sequenceIdentifier)),
                Filters.eq(EVENT_IDENTIFIER, eventIdentifier));
        return letters.countDocuments(sameEvent, new CountOptions().limit(1)) > 0;
    }

    private static Instant claimedSince() {
        return GenericDeadLetter.clock.instant().minus(CLAIM);
    }

    /** The sequence identifier as the queue stores it. */
    private static String stored(Object sequenceIdentifier) {
        return sequenceIdentifier instanceof String identifier ? identifier
                : Integer.toString(sequenceIdentifier.hashCode());
    }
}
