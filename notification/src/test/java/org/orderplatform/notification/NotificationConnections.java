package org.orderplatform.notification;

import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.signin.EmbeddedSignin;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a notification service that a test starts at that test's own infrastructure. */
final class NotificationConnections {

    private NotificationConnections() {
    }

    static void register(DynamicPropertyRegistry registry, EmbeddedMongo mongo, String kafkaBootstrapServers,
                         int smtpPort, EmbeddedSignin signin) {
        registry.add("spring.data.mongodb.uri", () -> mongo.connectionString() + "/notifications");
        registry.add("spring.kafka.bootstrap-servers", () -> kafkaBootstrapServers);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtpPort);
        registry.add("spring.autoconfigure.exclude", OrderPlatform::axonAutoConfigurations);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", signin::jwkSetUri);
    }
}
