package org.orderplatform.axonserver.support;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.queryhandling.QueryHandler;
import org.orderplatform.axonserver.EmbeddedAxonServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A small order flow across four real Axon applications, for the dashboard's tests: {@code web} places orders;
 * {@code orders} holds the order aggregate (snapshotted every two events) and an order summary projection (one
 * segment, to split from the dashboard);
 * {@code billing} runs a saga that, once an order is placed, has {@code payments} charge it and then confirms the
 * order.
 */
public final class Shop implements AutoCloseable {

    public static final String TRACEPARENT = "traceparent";

    public static final String SUMMARY = "order-summary";
    public static final String SAGA_PROCESSOR = "BillingProcessor";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final AxonApp web;
    private final AxonApp orders;
    private final AxonApp billing;
    private final AxonApp payments;

    private Shop(AxonApp web, AxonApp orders, AxonApp billing, AxonApp payments) {
        this.web = web;
        this.orders = orders;
        this.billing = billing;
        this.payments = payments;
    }

    /** Connects the four applications and waits until the saga and the projection follow the event stream. */
    public static Shop open(EmbeddedAxonServer server) {
        AxonApp orders = AxonApp.builder(server.servers(), "orders", "orders-1")
                .handlers(new Summary())
                .configure(configurer -> configurer
                        // As Axon's OpenTelemetry span factory does, the orders' events carry the command's trace.
                        .configureCorrelationDataProviders(c -> List.of(new MessageOriginProvider(),
                                new SimpleCorrelationDataProvider(TRACEPARENT)))
                        .configureAggregate(AggregateConfigurer.defaultConfiguration(Order.class)
                                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), 2)))
                        .eventProcessing(processing -> processing.registerPooledStreamingEventProcessor(SUMMARY,
                                Configuration::eventStore, (c, builder) -> builder.initialSegmentCount(1))))
                .start();
        AxonApp payments = AxonApp.builder(server.servers(), "payments", "payments-1")
                .configure(configurer -> configurer.configureAggregate(Payment.class))
                .start();
        AxonApp billing = AxonApp.builder(server.servers(), "billing", "billing-1")
                .configure(configurer -> configurer.eventProcessing(processing -> processing.registerSaga(Billing.class)))
                .start();
        AxonApp web = AxonApp.builder(server.servers(), "web", "web-1").eventsInMemory().start();
        Shop shop = new Shop(web, orders, billing, payments);
        await().atMost(PATIENCE).until(() -> !shop.processor(billing, SAGA_PROCESSOR).processingStatus().isEmpty()
                && !shop.summary().processingStatus().isEmpty());
        return shop;
    }

    /** Places an order and waits until the saga has had it charged and confirmed. */
    public void placeAndConfirm(String orderId, int amount) {
        placeAndConfirm(orderId, amount, MetaData.emptyInstance());
    }

    /** Places the order with {@code metadata}, such as a W3C {@code traceparent}, and waits until it is confirmed. */
    public void placeAndConfirm(String orderId, int amount, MetaData metadata) {
        web.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(new PlaceOrder(orderId, amount))
                .andMetaData(metadata));
        await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(
                web.queryGateway().query(new IsConfirmed(orderId), Boolean.class).join()));
    }

    public StreamingEventProcessor summary() {
        return processor(orders, SUMMARY);
    }

    private StreamingEventProcessor processor(AxonApp app, String name) {
        return app.configuration().eventProcessingConfiguration()
                .eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
    }

    @Override
    public void close() {
        web.close();
        billing.close();
        payments.close();
        orders.close();
    }

    public record PlaceOrder(@TargetAggregateIdentifier String orderId, int amount) {
    }

    public record ConfirmOrder(@TargetAggregateIdentifier String orderId) {
    }

    public record ChargePayment(@TargetAggregateIdentifier String paymentId, String orderId, int amount) {
    }

    public record OrderPlaced(String orderId, int amount) {
    }

    public record OrderConfirmed(String orderId) {
    }

    public record PaymentCharged(String paymentId, String orderId, int amount) {
    }

    public record IsConfirmed(String orderId) {
    }

    public static final class Order {

        @AggregateIdentifier
        private String orderId;
        private int amount;
        private boolean confirmed;

        Order() {
        }

        @CommandHandler
        Order(PlaceOrder command) {
            apply(new OrderPlaced(command.orderId(), command.amount()));
        }

        @CommandHandler
        void handle(ConfirmOrder command) {
            if (!confirmed) {
                apply(new OrderConfirmed(orderId));
            }
        }

        @EventSourcingHandler
        void on(OrderPlaced event) {
            orderId = event.orderId();
            amount = event.amount();
        }

        @EventSourcingHandler
        void on(OrderConfirmed event) {
            confirmed = true;
        }
    }

    public static final class Payment {

        @AggregateIdentifier
        private String paymentId;

        Payment() {
        }

        @CommandHandler
        Payment(ChargePayment command) {
            apply(new PaymentCharged(command.paymentId(), command.orderId(), command.amount()));
        }

        @EventSourcingHandler
        void on(PaymentCharged event) {
            paymentId = event.paymentId();
        }
    }

    /** Charges each placed order, then confirms it. */
    public static final class Billing {

        @StartSaga
        @SagaEventHandler(associationProperty = "orderId")
        public void on(OrderPlaced event, CommandGateway commands) {
            String paymentId = "payment-" + event.orderId();
            SagaLifecycle.associateWith("paymentId", paymentId);
            commands.send(new ChargePayment(paymentId, event.orderId(), event.amount()));
        }

        @EndSaga
        @SagaEventHandler(associationProperty = "paymentId")
        public void on(PaymentCharged event, CommandGateway commands) {
            commands.send(new ConfirmOrder(event.orderId()));
        }
    }

    @ProcessingGroup(SUMMARY)
    public static final class Summary {

        private final Map<String, Boolean> confirmed = new ConcurrentHashMap<>();

        @EventHandler
        void on(OrderPlaced event) {
            confirmed.put(event.orderId(), false);
        }

        @EventHandler
        void on(OrderConfirmed event) {
            confirmed.put(event.orderId(), true);
        }

        @QueryHandler
        Boolean handle(IsConfirmed query) {
            return confirmed.getOrDefault(query.orderId(), false);
        }
    }
}
