package org.orderplatform.order.config;

import com.mongodb.client.model.Indexes;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The saga store looks sagas up by type and association value for every event the saga processor handles, with a
 * query that equals one element of the {@code associations} array; axon-mongo creates no index for it, so without
 * this one every event reads all sagas alive. Created when the application starts, before any processor runs.
 */
@Component
class SagaStoreIndexes {

    static final String ASSOCIATION_INDEX = "sagaType_1_associations_1";

    SagaStoreIndexes(MongoTemplate axonCollections) {
        axonCollections.sagaCollection().createIndex(Indexes.ascending("sagaType", "associations"));
    }
}
