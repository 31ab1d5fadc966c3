package org.orderplatform.axonserver.compat;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.compat.Bank.AuditCommand;
import org.orderplatform.axonserver.compat.Bank.DepositCommand;
import org.orderplatform.axonserver.compat.Bank.FindBalanceQuery;
import org.orderplatform.axonserver.compat.Bank.InstanceName;
import org.orderplatform.axonserver.compat.Bank.OpenAccountCommand;
import org.orderplatform.axonserver.compat.Bank.WhoAnswersQuery;
import org.orderplatform.axonserver.compat.Teller.EventLog;
import org.orderplatform.axonserver.compat.Teller.PooledLog;
import org.orderplatform.axonserver.compat.Teller.Seen;
import org.orderplatform.axonserver.compat.Teller.TrackingLog;
import org.orderplatform.axonserver.support.AxonApp;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Real Axon Framework 4 applications, connected with the stock Axon Server connector, run the behaviours the suite
 * relies on through the server: a "bank" component (two instances) hosts an event-sourced aggregate, a "teller"
 * component dispatches commands, keeps projections in tracking and pooled processors and answers queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AxonFrameworkCompatibilityIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int SNAPSHOT_THRESHOLD = 5;

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass();
    private AxonApp bank1;
    private AxonApp bank2;
    private AxonApp teller;
    private final TrackingLog trackingLog = new TrackingLog();
    private final PooledLog pooledLog = new PooledLog();
    private final Teller.Balances balances = new Teller.Balances();

    @BeforeAll
    void start() {
        bank1 = bank("bank-1");
        bank2 = bank("bank-2");
        teller = app("teller", "teller-1")
                .handlers(new Teller.WhoAnswers("teller"))
                .configure(configurer -> configurer
                        .eventProcessing(processing -> processing
                                .registerTrackingEventProcessor(Teller.TRACKING_LOG)
                                .registerPooledStreamingEventProcessor(Teller.POOLED_LOG,
                                        c -> c.eventStore(), (c, builder) -> builder.initialSegmentCount(1))
                                .registerPooledStreamingEventProcessor(Teller.BALANCES)
                                .registerEventHandler(c -> trackingLog)
                                .registerEventHandler(c -> pooledLog)
                                .registerEventHandler(c -> balances))
                        .registerQueryHandler(c -> balances))
                .start();
    }

    /** An instance of the bank, hosting the {@link Account} aggregate and snapshotting it every few events. */
    private AxonApp bank(String instance) {
        return app("bank", instance)
                .handlers(new Teller.WhoAnswers("bank"))
                .configure(configurer -> configurer.configureAggregate(
                        AggregateConfigurer.defaultConfiguration(Account.class)
                                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                                        c.snapshotter(), SNAPSHOT_THRESHOLD))))
                .start();
    }

    private AxonApp.Builder app(String component, String instance) {
        return AxonApp.builder(SERVER.get().servers(), component, instance)
                .configure(configurer -> configurer.registerComponent(InstanceName.class, c -> new InstanceName(instance)));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[]{teller, bank2, bank1}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anAggregateIsCreatedAndUpdatedFromAnotherApplication() {
        String account = openAccount();

        String handledBy = teller.commandGateway().sendAndWait(new DepositCommand(account, 25));
        teller.commandGateway().sendAndWait(new DepositCommand(account, 17));

        assertThat(handledBy).isIn("bank-1", "bank-2");
        List<? extends DomainEventMessage<?>> history = teller.eventStore().readEvents(account).asStream().toList();
        assertThat(history).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(history).<Object>extracting(DomainEventMessage::getPayload).containsExactly(
                new Bank.AccountOpenedEvent(account, "ada"),
                new Bank.MoneyDepositedEvent(account, 25, 25),
                new Bank.MoneyDepositedEvent(account, 17, 42));
    }

    @Test
    void aDuplicateCreationIsRejectedAsAnInvalidSequence() {
        String account = openAccount();

        assertThatThrownBy(() -> teller.commandGateway().sendAndWait(new OpenAccountCommand(account, "eve")))
                .isInstanceOf(CommandExecutionException.class)
                .hasMessageContaining("[AXONIQ-2000] Invalid sequence number 0 for aggregate " + account + ", expected 1");
        assertThat(teller.eventStore().readEvents(account).asStream().count()).isEqualTo(1);
    }

    @Test
    void aHandlerExceptionReachesTheDispatcherWithItsMessage() {
        String account = openAccount();

        assertThatThrownBy(() -> teller.commandGateway().sendAndWait(new DepositCommand(account, -5)))
                .isInstanceOf(CommandExecutionException.class)
                .hasMessageContaining("amount must be positive, was -5");
    }

    @Test
    void aCommandWithoutAHandlerFailsFast() {
        var result = teller.commandGateway().send(new AuditCommand("nobody listens"));

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NoHandlerForCommandException.class)
                .hasMessageContaining(AuditCommand.class.getName());
    }

    @Test
    void aPointToPointQueryReachesTheComponentThatAnswersIt() {
        String account = openAccount();
        teller.commandGateway().sendAndWait(new DepositCommand(account, 30));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                bank1.queryGateway().query(new FindBalanceQuery(account), Integer.class).get()).isEqualTo(30));
    }

    @Test
    void aScatterGatherQueryCollectsOneAnswerPerComponent() {
        List<String> answers = bank1.queryGateway()
                .scatterGather(new WhoAnswersQuery(), ResponseTypes.instanceOf(String.class), 5, TimeUnit.SECONDS)
                .toList();

        assertThat(answers).containsExactlyInAnyOrder("bank", "teller");
    }

    @Test
    void aSubscriptionQueryDeliversTheInitialResultAndThenEachUpdate() {
        String account = openAccount();
        teller.commandGateway().sendAndWait(new DepositCommand(account, 10));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                bank1.queryGateway().query(new FindBalanceQuery(account), Integer.class).get()).isEqualTo(10));

        SubscriptionQueryResult<Integer, Integer> subscription = bank1.queryGateway().subscriptionQuery(
                new FindBalanceQuery(account), ResponseTypes.instanceOf(Integer.class), ResponseTypes.instanceOf(Integer.class));
        List<Integer> updates = new CopyOnWriteArrayList<>();
        try {
            assertThat(subscription.initialResult().block(PATIENCE)).isEqualTo(10);
            subscription.updates().subscribe(updates::add);

            teller.commandGateway().sendAndWait(new DepositCommand(account, 5));
            teller.commandGateway().sendAndWait(new DepositCommand(account, 7));

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(updates).containsExactly(15, 22));
        } finally {
            subscription.close();
        }
    }

    @Test
    void trackingAndPooledProcessorsReadEveryEventInOrderAndAgainAfterAReset() {
        String account = openAccount();
        IntStream.rangeClosed(1, 20).forEach(amount -> teller.commandGateway().sendAndWait(new DepositCommand(account, amount)));

        assertReadsTheWholeStoreInOrder(trackingLog);
        assertReadsTheWholeStoreInOrder(pooledLog);

        for (String name : List.of(Teller.TRACKING_LOG, Teller.POOLED_LOG)) {
            StreamingEventProcessor processor = teller.configuration().eventProcessingConfiguration()
                    .eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }

        assertReadsTheWholeStoreInOrder(trackingLog);
        assertReadsTheWholeStoreInOrder(pooledLog);
    }

    private void assertReadsTheWholeStoreInOrder(EventLog log) {
        List<Seen> store = new ArrayList<>();
        long head = teller.eventStore().createHeadToken().position().orElseThrow();
        try (var stream = teller.eventStore().openStream(null)) {
            while (store.size() <= head && stream.hasNextAvailable((int) PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                store.add(new Seen(event.getIdentifier(), event.trackingToken().position().orElseThrow()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(store).isNotEmpty().extracting(Seen::position)
                .containsExactlyElementsOf(IntStream.range(0, store.size()).mapToObj(Long::valueOf).toList());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(log.seen).startsWith(store.toArray(Seen[]::new)));
    }

    @Test
    void snapshotsAreWrittenAndUsedToLoadTheAggregate() {
        String account = openAccount();
        IntStream.rangeClosed(1, 12).forEach(i -> bank1.commandGateway().sendAndWait(new DepositCommand(account, 1)));

        await().atMost(PATIENCE).untilAsserted(() -> {
            DomainEventStream stream = bank1.eventStore().readEvents(account);
            DomainEventMessage<?> first = stream.next();
            assertThat(first.getPayload()).isInstanceOf(Account.class);
            assertThat(first.getSequenceNumber()).isGreaterThanOrEqualTo(SNAPSHOT_THRESHOLD);
            assertThat(((Account) first.getPayload()).balance()).isEqualTo((int) first.getSequenceNumber());
            List<Long> rest = new ArrayList<>();
            stream.forEachRemaining(event -> rest.add(event.getSequenceNumber()));
            assertThat(rest).containsExactlyElementsOf(
                    IntStream.rangeClosed((int) first.getSequenceNumber() + 1, 12).mapToObj(Long::valueOf).toList());
        });

        bank1.commandGateway().sendAndWait(new DepositCommand(account, 1));
        List<? extends DomainEventMessage<?>> events = bank1.eventStore().readEvents(account).asStream().toList();
        DomainEventMessage<?> last = events.get(events.size() - 1);
        assertThat(last.getSequenceNumber()).isEqualTo(13);
        // The snapshotter runs in the background and may already have taken a snapshot of the latest state.
        if (last.getPayload() instanceof Account snapshot) {
            assertThat(snapshot.balance()).isEqualTo(13);
        } else {
            assertThat(last.getPayload()).isEqualTo(new Bank.MoneyDepositedEvent(account, 1, 13));
        }
    }

    @Test
    void instancesOfOneComponentShareCommandsByRoutingKeyAndTakeOverWhenOneStops() {
        List<String> accounts = IntStream.range(0, 24).mapToObj(i -> openAccount()).toList();
        Map<String, String> firstRound = depositToEach(accounts);
        Map<String, String> withThree;
        try (AxonApp bank3 = bank("bank-3")) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(depositToEach(accounts)).containsValue("bank-3"));
            withThree = depositToEach(accounts);

            assertThat(depositToEach(accounts)).as("the same account always reaches the same instance")
                    .isEqualTo(withThree);
        }
        Map<String, String> afterStop = depositToEach(accounts);

        assertThat(withThree.values()).containsOnly("bank-1", "bank-2", "bank-3").contains("bank-1", "bank-2", "bank-3");
        assertThat(afterStop).as("accounts of the stopped instance are taken over, the others stay").isEqualTo(firstRound);
        withThree.forEach((account, instance) -> {
            if (!instance.equals("bank-3")) {
                assertThat(firstRound).containsEntry(account, instance);
            }
        });
    }

    private Map<String, String> depositToEach(List<String> accounts) {
        return accounts.stream().collect(Collectors.toMap(account -> account,
                account -> teller.commandGateway().<String>sendAndWait(new DepositCommand(account, 1))));
    }

    private String openAccount() {
        String account = "account-" + UUID.randomUUID();
        teller.commandGateway().sendAndWait(new OpenAccountCommand(account, "ada"));
        return account;
    }
}
