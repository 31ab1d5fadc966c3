package org.orderplatform.notification;

import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.infra.EmbeddedKafka;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.infra.EmbeddedSmtp;
import org.orderplatform.order.OrderCommandApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * order-command (with its Kafka bridge) and notification as separate Spring applications in one JVM, each with its
 * own configuration file and database, on the real Axon server, Kafka broker, SMTP server and MongoDB stand-in.
 */
final class OrderPlatform implements AutoCloseable {

    final EmbeddedMongo mongo = EmbeddedMongo.start();
    final EmbeddedKafka kafka = EmbeddedKafka.start();
    final EmbeddedSmtp smtp = EmbeddedSmtp.start();
    final EmbeddedAxonServer axonServer = startAxonServer();
    final ConfigurableApplicationContext orderCommand;
    final ConfigurableApplicationContext notification;

    OrderPlatform() {
        orderCommand = new SpringApplicationBuilder(OrderCommandApplication.class)
                .properties(OrderCommandApplication.CONFIG_NAME)
                .run("--server.port=0",
                        "--spring.data.mongodb.uri=" + mongo.connectionString() + "/orders-command",
                        "--axon.axonserver.servers=" + axonServer.servers(),
                        "--axon.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--orders.saga.payment-timeout=10m");
        notification = new SpringApplicationBuilder(NotificationApplication.class)
                .properties(NotificationApplication.CONFIG_NAME)
                .run("--server.port=0",
                        "--spring.data.mongodb.uri=" + mongo.connectionString() + "/notifications",
                        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--spring.mail.host=" + smtp.host(),
                        "--spring.mail.port=" + smtp.smtpPort(),
                        "--spring.autoconfigure.exclude=" + axonAutoConfigurations());
    }

    /** order-command brings Axon onto this module's test class path; notification has no Axon and must not start it. */
    static String axonAutoConfigurations() {
        return StreamSupport.stream(ImportCandidates.load(AutoConfiguration.class, OrderPlatform.class.getClassLoader()).spliterator(), false)
                .filter(name -> name.startsWith("org.axonframework."))
                .collect(Collectors.joining(","));
    }

    private static EmbeddedAxonServer startAxonServer() {
        try {
            return EmbeddedAxonServer.start(Files.createTempDirectory("notification-axonserver"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        notification.close();
        orderCommand.close();
        axonServer.close();
        smtp.close();
        kafka.close();
        mongo.close();
    }
}
