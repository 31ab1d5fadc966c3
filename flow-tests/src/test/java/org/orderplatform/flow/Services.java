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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
    private final String paymentTimeout;
    private final ConfigurableApplicationContext payment;
    // Known before the Axon server starts, which operates them from its dashboard.
    private final int orderCommandPort = freePort();
    private final int paymentPort = freePort();
    private final String catalogUrl;
    private final String paymentUrl;
    private ConfigurableApplicationContext orderCommand;

    private Services(String paymentTimeout, Class<?>... paymentExtras) {
        this.paymentTimeout = paymentTimeout;
        mongo = EmbeddedMongo.start();
        kafka = EmbeddedKafka.start();
        signin = EmbeddedSignin.start();
        axonServer = EmbeddedAxonServer.startInTemporaryDirectory("flow-axonserver", Map.of(
                "axonserver.signin.url", signin.url(),
                "axonserver.signin.jwk-set-uri", signin.jwkSetUri(),
                "axonserver.suite.services.order-command", "http://localhost:" + orderCommandPort,
                "axonserver.suite.services.payment", "http://localhost:" + paymentPort));
        catalogUrl = url(start(CatalogApplication.class, CatalogApplication.CONFIG_NAME, "catalog", 0));
        payment = start(PaymentApplication.class, paymentExtras, PaymentApplication.CONFIG_NAME, "payments",
                paymentPort, "--resilience4j.timelimiter.instances.payment-provider.timeout-duration=2s");
        paymentUrl = url(payment);
        orderCommand = start(OrderCommandApplication.class, OrderCommandApplication.CONFIG_NAME, "orders-command",
                orderCommandPort, orderCommandSettings(catalogUrl));
    }

    static Services start() {
        return new Services(PAYMENT_TIMEOUT);
    }

    /**
     * The services as operators meet them: payments wait five minutes for an answer, so that an order stays in its
     * payment step while an operator looks at it, and payment's view has a {@link PoisonablePaymentView}.
     */
    static Services forOperations() {
        return new Services("5m", PoisonablePaymentView.class);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConfigurableApplicationContext start(Class<?> application, String configName, String database, int port,
                                                 String... extra) {
        return start(application, new Class<?>[0], configName, database, port, extra);
    }

    /** {@code extras}: more beans for the application, such as a handler a test controls. */
    private ConfigurableApplicationContext start(Class<?> application, Class<?>[] extras, String configName,
                                                 String database, int port, String... extra) {
        // Instances in one JVM would all take the JVM's name as client id, and Axon Server tells clients apart by it.
        List<String> arguments = new ArrayList<>(List.of(
                "--axon.axonserver.client-id=" + database + "-" + instances.incrementAndGet(),
                "--server.port=" + port,
                "--spring.data.mongodb.uri=" + mongo.connectionString() + "/" + database,
                "--axon.axonserver.servers=" + axonServer.servers(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + signin.jwkSetUri(),
                // Only order-command bridges to Kafka; the others see axon-kafka on this shared class path alone.
                "--axon.kafka.publisher.enabled=" + (application == OrderCommandApplication.class)));
        arguments.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .sources(extras)
                .properties(configName)
                .run(arguments.toArray(String[]::new));
        started.add(context);
        return context;
    }

    /**
     * Another order-command instance, sharing the others' database and Axon Server, asking the given catalog;
     * {@code settings} as command-line arguments on top of the usual ones.
     */
    ConfigurableApplicationContext startOrderCommand(String catalog, String... settings) {
        List<String> arguments = new ArrayList<>(List.of(orderCommandSettings(catalog)));
        arguments.addAll(List.of(settings));
        return start(OrderCommandApplication.class, OrderCommandApplication.CONFIG_NAME, "orders-command", 0,
                arguments.toArray(String[]::new));
    }

    private String[] orderCommandSettings(String catalog) {
        return new String[] {
                "--orders.catalog.url=" + catalog,
                "--axon.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--orders.saga.payment-timeout=" + paymentTimeout,
                "--orders.deadlines.poll-interval=100ms"};
    }

    /** Stops the first order-command instance and starts it again, on its port, with the same stores. */
    void restartOrderCommand() {
        orderCommand.close();
        started.remove(orderCommand);
        orderCommand = start(OrderCommandApplication.class, OrderCommandApplication.CONFIG_NAME, "orders-command",
                orderCommandPort, orderCommandSettings(catalogUrl));
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

    /** Payment's view handler that fails for poisoned orders, when started {@link #forOperations()}. */
    PoisonablePaymentView poisonablePaymentView() {
        return payment.getBean(PoisonablePaymentView.class);
    }

    /** A demo account's access token from the sign-in server the services trust. */
    String token(String user) {
        return signin.token(user);
    }

    /** The dashboard as a browser opens it: on the loopback address the sign-in server sends operators back to. */
    String dashboardUrl() {
        return "http://127.0.0.1:" + axonServer.httpPort() + "/dashboard/";
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
