package org.orderplatform.infra;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedMongoIT {

    @Test
    void storesAndFindsDocumentsAndEnforcesAUniqueIndex() {
        int port;
        try (EmbeddedMongo mongo = EmbeddedMongo.start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            port = mongo.port();
            assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + port);
            MongoCollection<Document> customers = client.getDatabase("shop").getCollection("customers");

            customers.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            customers.insertOne(new Document("_id", "c-1").append("email", "ada@example.com").append("name", "Ada"));

            assertThat(customers.find(eq("email", "ada@example.com")).first())
                    .containsEntry("_id", "c-1")
                    .containsEntry("name", "Ada");
            assertThatThrownBy(() -> customers.insertOne(
                    new Document("_id", "c-2").append("email", "ada@example.com")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e ->
                            assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            assertThat(customers.countDocuments()).isEqualTo(1);
        }
        assertThat(Ports.isFree(port)).isTrue();
    }

    @Test
    void keepsDataAcrossARestartOnTheSameDirectory(@TempDir Path dataDirectory) {
        EmbeddedMongo.Options options = EmbeddedMongo.Options.persistentIn(dataDirectory);
        try (EmbeddedMongo mongo = EmbeddedMongo.start(options);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            orders.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
            orders.insertOne(new Document("_id", "o-1").append("number", 1001).append("total", "42.50"));
        }
        assertThat(dataDirectory).isDirectoryContaining("glob:**/*" + Journal.SNAPSHOT_SUFFIX)
                .isDirectoryContaining("glob:**/*" + Journal.JOURNAL_SUFFIX);

        try (EmbeddedMongo mongo = EmbeddedMongo.start(options);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");

            assertThat(orders.find(eq("_id", "o-1")).first())
                    .containsEntry("number", 1001)
                    .containsEntry("total", "42.50");
            assertThatThrownBy(() -> orders.insertOne(new Document("_id", "o-2").append("number", 1001)))
                    .isInstanceOf(MongoWriteException.class);
        }
    }

    @Test
    void nonUniqueIndexesAnswerAsAScanDoesThroughUpdatesAndDeletes() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> indexed = client.getDatabase("shop").getCollection("indexed");
            MongoCollection<Document> scanned = client.getDatabase("shop").getCollection("scanned");
            indexed.createIndex(Indexes.ascending("status"));
            indexed.createIndex(Indexes.ascending("sagaType", "associations"));
            indexed.createIndex(Indexes.ascending("lines.sku"));
            for (int i = 0; i < 60; i++) {
                Document order = new Document("_id", "o-" + i)
                        .append("status", i % 3 == 0 ? "PENDING" : "CONFIRMED")
                        .append("quantity", i % 2 == 0 ? i % 5 : (long) (i % 5))
                        .append("sagaType", i % 4 == 0 ? "RefundSaga" : "OrderSaga")
                        .append("associations", List.of(new Document("key", "orderId").append("value", "o-" + i),
                                new Document("key", "customerId").append("value", "c-" + i % 7)))
                        .append("lines", List.of(new Document("sku", "tea-" + i % 4), new Document("sku", "cup-" + i % 6)));
                indexed.insertOne(order);
                scanned.insertOne(order);
            }
            List<Bson> filters = List.of(
                    eq("status", "PENDING"),
                    and(eq("status", "CONFIRMED"), eq("quantity", 3)),
                    in("status", "PENDING", "CANCELLED"),
                    and(eq("sagaType", "OrderSaga"), eq("associations", new Document("key", "customerId").append("value", "c-3"))),
                    and(eq("sagaType", "OrderSaga"), eq("associations", new Document("value", "c-3").append("key", "customerId"))),
                    eq("lines.sku", "cup-5"),
                    in("lines.sku", "tea-1", "cup-2"));

            assertThat(idsOf(indexed, filters)).isEqualTo(idsOf(scanned, filters));

            for (MongoCollection<Document> orders : List.of(indexed, scanned)) {
                orders.updateMany(eq("status", "PENDING"), Updates.set("status", "CANCELLED"));
                orders.updateOne(eq("_id", "o-5"), Updates.set("lines", List.of(new Document("sku", "cup-5"))));
                orders.updateOne(eq("_id", "o-8"), Updates.pull("associations", new Document("key", "customerId")));
                orders.deleteMany(eq("lines.sku", "tea-1"));
            }
            assertThat(idsOf(indexed, filters)).isEqualTo(idsOf(scanned, filters));
            assertThat(indexed.countDocuments(eq("status", "PENDING"))).isZero();
            assertThat(indexed.countDocuments(eq("status", "CANCELLED"))).isEqualTo(scanned.countDocuments(eq("status", "CANCELLED")));
        }
    }

    @Test
    void rebuildsNonUniqueIndexesWhenReopenedFromDisk(@TempDir Path dataDirectory) {
        EmbeddedMongo.Options options = EmbeddedMongo.Options.persistentIn(dataDirectory);
        try (EmbeddedMongo mongo = EmbeddedMongo.start(options);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            orders.createIndex(Indexes.ascending("customerId"));
            orders.insertMany(List.of(new Document("_id", "o-1").append("customerId", "c-1"),
                    new Document("_id", "o-2").append("customerId", "c-2"),
                    new Document("_id", "o-3").append("customerId", "c-1")));
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(options);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            orders.insertOne(new Document("_id", "o-4").append("customerId", "c-1"));

            assertThat(orders.find(eq("customerId", "c-1")).map(order -> order.getString("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("o-1", "o-3", "o-4");
            assertThat(orders.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>()))
                    .contains("customerId_1");
        }
    }

    private static List<List<String>> idsOf(MongoCollection<Document> collection, List<Bson> filters) {
        return filters.stream()
                .map(filter -> collection.find(filter).map(document -> document.getString("_id")).into(new ArrayList<>())
                        .stream().sorted().toList())
                .toList();
    }

    @Test
    void aConditionalUpdateByIdChangesOnlyWhatAllItsConditionsMatch() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(); MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> payments = client.getDatabase("payments").getCollection("payments");
            payments.insertOne(new Document("_id", "o-1").append("status", "REFUNDED"));
            payments.insertOne(new Document("_id", "o-2").append("status", "COMPLETED"));

            long refundedTouched = payments.updateOne(and(eq("_id", "o-1"), ne("status", "REFUNDED")),
                    Updates.set("status", "COMPLETED")).getModifiedCount();
            long completedTouched = payments.updateOne(and(eq("_id", "o-2"), ne("status", "REFUNDED")),
                    Updates.set("status", "FAILED")).getModifiedCount();
            payments.updateOne(and(eq("_id", "o-3"), ne("status", "REFUNDED")),
                    Updates.set("status", "FAILED"), new UpdateOptions().upsert(true));

            assertThat(refundedTouched).isZero();
            assertThat(completedTouched).isEqualTo(1);
            assertThat(payments.find().into(new ArrayList<>())).extracting(document -> document.getString("status"))
                    .containsExactly("REFUNDED", "FAILED", "FAILED");
        }
    }
}
