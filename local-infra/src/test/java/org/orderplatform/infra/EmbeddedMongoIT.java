package org.orderplatform.infra;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static com.mongodb.client.model.Filters.eq;
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
        assertThat(dataDirectory.resolve(H2MongoBackend.DATA_FILE_NAME)).isNotEmptyFile();

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
}
