package org.orderplatform.notification;

import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.catalog.CatalogApplication;
import org.orderplatform.infra.EmbeddedKafka;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.infra.EmbeddedSmtp;
import org.orderplatform.order.OrderCommandApplication;
import org.orderplatform.payment.PaymentApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * order-command (with its Kafka bridge) and notification as separate Spring applications in one JVM, each with its
 * own configuration file and database, on the real Axon server, Kafka broker, SMTP server and MongoDB stand-in;
 * with catalog and payment too when orders are to go all the way to confirmation.
 */
final class OrderPlatform implements AutoCloseable {

    final EmbeddedMongo mongo = EmbeddedMongo.start();
    final EmbeddedKafka kafka = EmbeddedKafka.start();
    final EmbeddedSmtp smtp = EmbeddedSmtp.start();
    final EmbeddedAxonServer axonServer = EmbeddedAxonServer.startInTemporaryDirectory("notification-axonserver");
    final Optional<ConfigurableApplicationContext> catalog;
    final Optional<ConfigurableApplicationContext> payment;
    final ConfigurableApplicationContext orderCommand;
    final ConfigurableApplicationContext notification;

    /** order-command and notification; stock and payment facts are left to the test. */
    OrderPlatform() {
        this(false);
    }

    /** @param withCatalogAndPayment whether catalog and payment answer the order saga, as in the suite */
    OrderPlatform(boolean withCatalogAndPayment) {
        catalog = withCatalogAndPayment ? Optional.of(startAxonApplication(CatalogApplication.class,
                CatalogApplication.CONFIG_NAME, "catalog")) : Optional.empty();
        payment = withCatalogAndPayment ? Optional.of(startAxonApplication(PaymentApplication.class,
                PaymentApplication.CONFIG_NAME, "payments")) : Optional.empty();
        orderCommand = startAxonApplication(OrderCommandApplication.class, OrderCommandApplication.CONFIG_NAME,
                "orders-command",
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

    private ConfigurableApplicationContext startAxonApplication(Class<?> application, String configName, String database,
                                                                String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.data.mongodb.uri=" + mongo.connectionString() + "/" + database,
                "--axon.axonserver.servers=" + axonServer.servers(),
                // Applications in one JVM would all take the JVM's name, and Axon Server tells clients apart by it.
                "--axon.axonserver.client-id=" + database,
                // Only order-command bridges to Kafka; the others see axon-kafka on this shared class path alone.
                "--axon.kafka.publisher.enabled=" + (application == OrderCommandApplication.class)));
        arguments.addAll(List.of(extra));
        return new SpringApplicationBuilder(application).properties(configName).run(arguments.toArray(String[]::new));
    }

    /** order-command brings Axon onto this module's test class path; notification has no Axon and must not start it. */
    static String axonAutoConfigurations() {
        return StreamSupport.stream(ImportCandidates.load(AutoConfiguration.class, OrderPlatform.class.getClassLoader()).spliterator(), false)
                .filter(name -> name.startsWith("org.axonframework."))
                .collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        notification.close();
        orderCommand.close();
        payment.ifPresent(ConfigurableApplicationContext::close);
        catalog.ifPresent(ConfigurableApplicationContext::close);
        axonServer.close();
        smtp.close();
        kafka.close();
        mongo.close();
    }
}
