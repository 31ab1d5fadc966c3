package org.orderplatform.order.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.orderplatform.infra.EmbeddedMongo;

import java.util.ArrayList;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SagaStoreIndexesIT {

    /** A saga as the store keeps it: only its associations matter here. */
    public static class TrackedSaga {
        public String note = "tracked";
    }

    @Test
    void indexesTheLookupsAndTheStoreStillFindsSagasByAnyOfTheirValues() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoTemplate axonCollections = DefaultMongoTemplate.builder().mongoDatabase(client, "orders-command").build();
            new SagaStoreIndexes(axonCollections);
            MongoSagaStore sagas = MongoSagaStore.builder()
                    .mongoTemplate(axonCollections)
                    .serializer(JacksonSerializer.defaultSerializer())
                    .build();
            for (int i = 0; i < 50; i++) {
                var associations = new AssociationValuesImpl(Set.of(new AssociationValue("orderId", "o-" + i),
                        new AssociationValue("paymentId", "p-" + i % 10)));
                sagas.insertSaga(TrackedSaga.class, "saga-" + i, new TrackedSaga(), associations.asSet());
            }

            assertThat(axonCollections.sagaCollection().listIndexes().map(index -> index.getString("name")).into(new ArrayList<>()))
                    .contains(SagaStoreIndexes.ASSOCIATION_INDEX, SagaStoreIndexes.IDENTIFIER_INDEX);
            assertThat(sagas.findSagas(TrackedSaga.class, new AssociationValue("orderId", "o-7"))).containsExactly("saga-7");
            assertThat(sagas.findSagas(TrackedSaga.class, new AssociationValue("paymentId", "p-3")))
                    .containsExactlyInAnyOrder("saga-3", "saga-13", "saga-23", "saga-33", "saga-43");
            assertThat(sagas.findSagas(Object.class, new AssociationValue("orderId", "o-7"))).isEmpty();
        }
    }
}
