package org.orderplatform.flow;

import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.catalog.CatalogApplication;
import org.orderplatform.infra.EmbeddedKafka;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.order.OrderCommandApplication;
import org.orderplatform.payment.PaymentApplication;
import org.orderplatform.signin.EmbeddedSignin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The write side of the suite in one JVM: the Axon server, the MongoDB-compatible server, the Kafka broker
 * order-command publishes to, and catalog, payment and order-command as separate Spring applications, each with its
 * own configuration file and database, talking to each other only through Axon Server and HTTP as when deployed.
 */
final class Services implements AutoCloseable {

    static final String PAYMENT_TIMEOUT = "3s";

    private final EmbeddedMongo mongo;
    private final EmbeddedKafka kafka;
    private final EmbeddedAxonServer axonServer;
    private final EmbeddedSignin signin;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();
    private final AtomicInteger instances = new AtomicInteger();
    private final String catalogUrl;
    private final String paymentUrl;
    private ConfigurableApplicationContext orderCommand;

    private Services() {
        mongo = EmbeddedMongo.start();
        kafka = EmbeddedKafka.start();
        signin = EmbeddedSignin.start();
        axonServer = EmbeddedAxonServer.startInTemporaryDirectory("flow-axonserver",
                Map.of("axonserver.signin.jwk-set-uri", signin.jwkSetUri()));
        catalogUrl = url(start(CatalogApplication.class, CatalogApplication.CONFIG_NAME, "catalog"));
        paymentUrl = url(start(PaymentApplication.class, PaymentApplication.CONFIG_NAME, "payments",
                "--resilience4j.timelimiter.instances.payment-provider.timeout-duration=2s"));
        orderCommand = startOrderCommand(catalogUrl);
    }

    static Services start() {
        return new Services();
    }

    private ConfigurableApplicationContext start(Class<?> application, String configName, String database, String... extra) {
        // Instances in one JVM would all take the JVM's name as client id, and Axon Server tells clients apart by it.
        List<String> arguments = new ArrayList<>(List.of(
                "--axon.axonserver.client-id=" + database + "-" + instances.incrementAndGet(),
                "--server.port=0",
                "--spring.data.mongodb.uri=" + mongo.connectionString() + "/" + database,
                "--axon.axonserver.servers=" + axonServer.servers(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + signin.jwkSetUri(),
                // Only order-command bridges to Kafka; the others see axon-kafka on this shared class path alone.
                "--axon.kafka.publisher.enabled=" + (application == OrderCommandApplication.class)));
        arguments.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .properties(configName)
                .run(arguments.toArray(String[]::new));
        started.add(context);
        return context;
    }

    /** Another order-command instance, sharing the others' database and Axon Server, asking the given catalog. */
    ConfigurableApplicationContext startOrderCommand(String catalog) {
        return start(OrderCommandApplication.class, OrderCommandApplication.CONFIG_NAME, "orders-command",
                "--orders.catalog.url=" + catalog,
                "--axon.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--orders.saga.payment-timeout=" + PAYMENT_TIMEOUT,
                "--orders.deadlines.poll-interval=100ms");
    }

    /** Stops the first order-command instance and starts it again, on a new port, with the same stores. */
    void restartOrderCommand() {
        orderCommand.close();
        started.remove(orderCommand);
        orderCommand = startOrderCommand(catalogUrl);
    }

    static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    String catalogUrl() {
        return catalogUrl;
    }

    String orderCommandUrl() {
        return url(orderCommand);
    }

    String paymentUrl() {
        return paymentUrl;
    }

    /** A demo account's access token from the sign-in server the services trust. */
    String token(String user) {
        return signin.token(user);
    }

    String axonServerUrl() {
        return "http://localhost:" + axonServer.httpPort();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        signin.close();
        axonServer.close();
        kafka.close();
        mongo.close();
    }
}
