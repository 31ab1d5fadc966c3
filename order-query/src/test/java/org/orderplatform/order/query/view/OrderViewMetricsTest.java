package org.orderplatform.order.query.view;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.order.query.replay.ProjectionCollections;
import org.orderplatform.support.metrics.SampledGauges;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The pending-order gauges on the live order view, on the MongoDB-compatible server. */
class OrderViewMetricsTest {

    private static final EmbeddedMongo mongo = EmbeddedMongo.start();
    private static final MongoClient client = MongoClients.create(mongo.connectionString());

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void countsThePendingOrdersOfTheLiveViewAndTellsHowLongAgoTheOldestWasPlaced() {
        MongoCollection<Document> live = client.getDatabase("orders-query").getCollection("orders_live");
        MongoCollection<Document> rebuilding = client.getDatabase("orders-query").getCollection("orders_rebuilt");
        new OrderViewDefinition().prepare(live);
        Instant now = Instant.now();
        live.insertOne(order("o-1", OrderStatus.PENDING, now.minus(Duration.ofMinutes(7))));
        live.insertOne(order("o-2", OrderStatus.PENDING, now.minusSeconds(5)));
        live.insertOne(order("o-3", OrderStatus.CONFIRMED, now.minus(Duration.ofHours(1))));
        rebuilding.insertOne(order("o-4", OrderStatus.PENDING, now.minus(Duration.ofHours(2))));
        ProjectionCollections projections = new ProjectionCollections() {
            @Override
            public MongoCollection<Document> liveCollection(String name) {
                return live;
            }

            @Override
            public MongoCollection<Document> writeCollection(String name) {
                return rebuilding;
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SampledGauges gauges = new SampledGauges(registry);

        new OrderViewMetrics(projections, gauges);
        gauges.sampleAll();

        assertThat(registry.get("orders.pending").gauge().value()).isEqualTo(2);
        assertThat(registry.get("orders.pending.oldest.age").gauge().value()).isCloseTo(420, within(5.0));

        live.updateOne(new Document(OrderDocuments.ID, "o-1"),
                new Document("$set", new Document(OrderDocuments.STATUS, OrderStatus.CONFIRMED.name())));
        gauges.sampleAll();

        assertThat(registry.get("orders.pending").gauge().value()).isEqualTo(1);
        assertThat(registry.get("orders.pending.oldest.age").gauge().value()).isCloseTo(5, within(5.0));
    }

    private static Document order(String id, OrderStatus status, Instant placedAt) {
        return new Document(OrderDocuments.ID, id).append(OrderDocuments.STATUS, status.name())
                .append(OrderDocuments.PLACED_AT, Date.from(placedAt));
    }
}
