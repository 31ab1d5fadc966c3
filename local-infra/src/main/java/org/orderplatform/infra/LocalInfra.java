package org.orderplatform.infra;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Starts MongoDB, Kafka and SMTP stand-ins for a local run of the suite and keeps them running until the process
 * is told to stop (SIGTERM, Ctrl-C). Endpoints go to standard output as {@code name=value} lines followed by a
 * {@code READY} line; logs go to standard error.
 *
 * <p>Environment: {@code INFRA_COMPONENTS} (which to start, default {@code mongo,kafka,smtp}: the suite runs each in
 * a process of its own, so that one can fail alone), {@code INFRA_DATA_DIR} (default {@code data/infra}),
 * {@code INFRA_MONGO_PORT} (27017), {@code INFRA_KAFKA_PORT} (9092), {@code INFRA_SMTP_PORT} (2525),
 * {@code INFRA_INBOX_PORT} (8025); a port of 0 picks a free one.
 */
public final class LocalInfra {

    static final String READY = "READY";

    private static final String LOGGING_CONFIGURATION = "org/orderplatform/infra/local-infra-logback.xml";

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    private LocalInfra() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Must precede the first logger, which the stand-ins create as they start.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGGING_CONFIGURATION);
        }
        LocalInfra infra = new LocalInfra();
        Runtime.getRuntime().addShutdownHook(new Thread(infra::stopAll, "local-infra-shutdown"));
        try {
            infra.start(Settings.from(System.getenv()));
        } catch (Throwable e) {
            // Whatever broke the start, the process must end rather than linger with half its servers running.
            System.err.println("local-infra could not start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println(READY);
        System.out.flush();
        // The servers run on their own threads until the shutdown hook stops them.
        Thread.currentThread().join();
    }

    private void start(Settings settings) {
        if (settings.components().contains(Component.MONGO)) {
            EmbeddedMongo mongo = register(EmbeddedMongo.start(
                    EmbeddedMongo.Options.persistentIn(settings.dataDirectory().resolve("mongo"))
                            .withPort(settings.mongoPort())));
            System.out.println("mongodb=" + mongo.connectionString());
        }
        if (settings.components().contains(Component.SMTP)) {
            EmbeddedSmtp smtp = register(EmbeddedSmtp.start(
                    new EmbeddedSmtp.Options(settings.smtpPort(), settings.inboxPort())));
            System.out.println("smtp=" + smtp.host() + ":" + smtp.smtpPort());
            System.out.println("inbox=" + smtp.inboxUrl());
        }
        if (settings.components().contains(Component.KAFKA)) {
            EmbeddedKafka kafka = register(EmbeddedKafka.start(
                    EmbeddedKafka.Options.persistentIn(settings.dataDirectory().resolve("kafka"))
                            .withPort(settings.kafkaPort())));
            System.out.println("kafka=" + kafka.bootstrapServers());
        }
    }

    private synchronized <T extends AutoCloseable> T register(T component) {
        running.push(component);
        return component;
    }

    /** Stops whatever started, last started first; one that fails to stop does not keep the others running. */
    private synchronized void stopAll() {
        while (!running.isEmpty()) {
            AutoCloseable component = running.pop();
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("local-infra could not stop " + component.getClass().getSimpleName() + ": " + e);
            }
        }
    }

    enum Component { MONGO, KAFKA, SMTP }

    record Settings(Set<Component> components, Path dataDirectory, int mongoPort, int kafkaPort, int smtpPort,
                    int inboxPort) {

        static Settings from(Map<String, String> environment) {
            return new Settings(
                    components(environment.getOrDefault("INFRA_COMPONENTS", "mongo,kafka,smtp")),
                    Path.of(environment.getOrDefault("INFRA_DATA_DIR", "data/infra")),
                    port(environment, "INFRA_MONGO_PORT", 27017),
                    port(environment, "INFRA_KAFKA_PORT", 9092),
                    port(environment, "INFRA_SMTP_PORT", 2525),
                    port(environment, "INFRA_INBOX_PORT", 8025));
        }

        private static Set<Component> components(String names) {
            Set<Component> components = EnumSet.noneOf(Component.class);
            for (String name : names.split(",")) {
                try {
                    components.add(Component.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("INFRA_COMPONENTS names mongo, kafka and smtp, not '" + name + "'", e);
                }
            }
            return components;
        }

        private static int port(Map<String, String> environment, String name, int defaultPort) {
            String value = environment.get(name);
            if (value == null || value.isBlank()) {
                return defaultPort;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'", e);
            }
        }
    }
}
