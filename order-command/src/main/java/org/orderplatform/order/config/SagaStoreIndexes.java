package org.orderplatform.order.config;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * For every event the saga processor handles, the saga store looks sagas up by type and association value (a query
 * that equals one element of the {@code associations} array), then loads and updates each found saga by its
 * {@code sagaIdentifier}, which is not the document's {@code _id}. axon-mongo creates no index for either, so without
 * these every event reads all sagas alive several times. Created when the application starts, before any processor
 * runs.
 */
@Component
class SagaStoreIndexes {

    static final String ASSOCIATION_INDEX = "sagaType_1_associations_1";
    static final String IDENTIFIER_INDEX = "sagaIdentifier_1";

    SagaStoreIndexes(MongoTemplate axonCollections) {
        axonCollections.sagaCollection().createIndex(Indexes.ascending("sagaType", "associations"),
                new IndexOptions().name(ASSOCIATION_INDEX));
        axonCollections.sagaCollection().createIndex(Indexes.ascending("sagaIdentifier"),
                new IndexOptions().name(IDENTIFIER_INDEX).unique(true));
    }
}
