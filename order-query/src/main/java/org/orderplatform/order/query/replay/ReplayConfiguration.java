package org.orderplatform.order.query.replay;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    /**
     * Axon's MongoDB token store, as the starter would build it, but with the node id from the settings: instances
     * must tell their claims apart, also when two run in one JVM.
     */
    @Bean
    TokenStore tokenStore(org.axonframework.extensions.mongo.MongoTemplate axonMongoTemplate, Serializer serializer,
                          ReplaySettings settings) {
        return MongoTokenStore.builder()
                .mongoTemplate(axonMongoTemplate)
                .serializer(serializer)
                .nodeId(nodeId(settings))
                .claimTimeout(settings.claimTimeout())
                .build();
    }

    @Bean
    Projections projections(List<ReplayableProjection> projections, MongoTemplate mongo,
                            EventProcessingConfiguration processing, TokenStore tokenStore, EventStore eventStore,
                            ReplaySettings settings) {
        ProjectionStore store = new ProjectionStore(mongo);
        String node = nodeId(settings);
        List<ProjectionCoordinator> coordinators = projections.stream()
                .map(projection -> new ProjectionCoordinator(projection, store, mongo, processing, tokenStore, settings,
                        node, Clock.systemUTC()))
                .toList();
        return new Projections(coordinators, eventStore, settings);
    }

    private static String nodeId(ReplaySettings settings) {
        String configured = settings.nodeId();
        return configured == null || configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configured;
    }
}
