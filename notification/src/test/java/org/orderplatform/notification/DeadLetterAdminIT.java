package org.orderplatform.notification;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.infra.EmbeddedKafka;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.infra.EmbeddedSmtp;
import org.orderplatform.infra.ReceivedEmail;
import org.orderplatform.notification.NotificationApi.Answer;
import org.orderplatform.signin.EmbeddedSignin;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator API of the dead-letter topic ({@code /admin/dead-letters}) against a real Kafka broker, SMTP server and
 * the MongoDB stand-in: records that failed for good are listed, resent once their cause is fixed, and dropped.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = NotificationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {NotificationApplication.CONFIG_NAME, "support.metrics.sample-interval=200ms"})
class DeadLetterAdminIT {

    private static final Path KAFKA_LOGS = temporaryDirectory();
    private static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    private static EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.persistentIn(KAFKA_LOGS));
    private static final int KAFKA_PORT = kafka.port();
    private static final EmbeddedSmtp SMTP = EmbeddedSmtp.start();
    private static final RefusingSmtpRelay RELAY = RefusingSmtpRelay.start(SMTP.smtpPort());
    private static final EventRecords RECORDS = new EventRecords(kafka.bootstrapServers());
    private static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();
    private static final String OLIVIA = SIGNIN.token("olivia");
    private static final String ALICE = SIGNIN.token("alice");
    private static final String SERVICE = SIGNIN.serviceToken();
    private static final String MAILBOX_MISSING = "550 5.1.1 mailbox unavailable";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        // The broker's address stays while it is stopped and started again.
        NotificationConnections.register(registry, MONGO, kafka.bootstrapServers(), RELAY.port(), SIGNIN);
    }

    @AfterAll
    static void stopInfrastructure() {
        SIGNIN.close();
        RECORDS.close();
        RELAY.close();
        SMTP.close();
        kafka.close();
        MONGO.close();
        FileSystemUtils.deleteRecursively(KAFKA_LOGS.toFile());
    }

    @Test
    void emailRefusedForGoodIsListedAndSentOnceWhenResentAfterTheCauseIsFixed() {
        String order = newId("order");
        String email = newEmail();
        var placed = EventRecords.placed(order, newId("customer"), email);
        // Refused once: the mailbox exists by the time the record is resent.
        var mailboxMissing = RELAY.refuse(RefusingSmtpRelay.Command.RCPT_TO, email, MAILBOX_MISSING, 1);
        RECORDS.send(placed);

        JsonNode deadLetter = awaitDeadLettersOf(order, 1).get(0);
        assertThat(deadLetter.get("id").asText()).matches("0-\\d+");
        assertThat(deadLetter.get("processor").asText()).isEqualTo("notification");
        assertThat(deadLetter.get("eventType").asText()).isEqualTo("org.orderplatform.api.order.OrderPlacedEvent");
        assertThat(deadLetter.get("eventId").asText()).isEqualTo(placed.eventId());
        assertThat(deadLetter.get("cause").asText()).contains("UndeliverableEmailException", MAILBOX_MISSING);
        assertThat(deadLetter.get("attempts").asInt()).isEqualTo(1);
        assertThat(deadLetter.get("sourceTopic").asText()).isEqualTo(EventRecords.ORDERS);
        assertThat(deadLetter.get("sourcePartition").asInt()).isZero();
        assertThat(deadLetter.get("sourceOffset").asLong()).isNotNegative();
        assertThat(deadLetter.get("deadLetteredAt").asText()).endsWith("Z");
        // The payload stays on the topic: an event may carry a payment token.
        assertThat(deadLetter.toString()).doesNotContain("tok_visa", "paymentToken", "lines");

        // Redelivered while refused, the fact is dead-lettered again without asking the server: two records of it.
        RECORDS.send(placed);
        List<JsonNode> records = awaitDeadLettersOf(order, 2);
        assertThat(mailboxMissing.allGiven()).isTrue();
        String first = records.get(0).get("id").asText();
        String second = records.get(1).get("id").asText();

        Answer resent = api().call("POST", "/admin/dead-letters/" + first + "/retry", null, OLIVIA);
        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.body().get("id").asText()).isEqualTo(first);
        assertThat(resent.body().get("outcome").asText()).isEqualTo("RESENT");
        assertThat(resent.body().get("settledBy").asText()).isEqualTo("olivia");
        assertThat(deadLettersOf(order)).extracting(listed -> listed.get("id").asText()).containsExactly(second);
        assertThat(awaitEmailsTo(email, 1)).extracting(ReceivedEmail::subject).containsExactly("We received your order " + order);
        double deduplicated = api().metric("notification_events_deduplicated_total");
        // The other record of the same fact: the event identifier keeps its email from being sent again.
        assertThat(api().call("POST", "/admin/dead-letters/" + second + "/retry", null, OLIVIA).status()).isEqualTo(202);
        assertThat(deadLettersOf(order)).isEmpty();

        // One partition: once the email of a record sent after both is there, both resent records were handled.
        String later = newEmail();
        RECORDS.send(EventRecords.placed(newId("order"), newId("customer"), later));
        awaitEmailsTo(later, 1);
        assertThat(emailsTo(email)).hasSize(1);
        assertThat(api().metric("notification_events_deduplicated_total")).isEqualTo(deduplicated + 1);
        assertThat(api().call("GET", "/notifications?orderId=" + order, null, OLIVIA).body()).hasSize(1);

        Answer again = api().call("POST", "/admin/dead-letters/" + first + "/retry", null, OLIVIA);
        assertProblem(again, 404, "dead letter " + first + " waits no longer: resent by olivia at ");
    }

    @Test
    void retryingAllResendsEveryRecordThatWaitsAndEachEmailIsSentOnce() {
        String firstOrder = newId("order");
        String secondOrder = newId("order");
        String firstEmail = newEmail();
        String secondEmail = newEmail();
        RELAY.refuse(RefusingSmtpRelay.Command.RCPT_TO, firstEmail, MAILBOX_MISSING, 1);
        RELAY.refuse(RefusingSmtpRelay.Command.RCPT_TO, secondEmail, MAILBOX_MISSING, 1);
        RECORDS.send(EventRecords.placed(firstOrder, newId("customer"), firstEmail));
        RECORDS.send(EventRecords.placed(secondOrder, newId("customer"), secondEmail));
        awaitDeadLettersOf(firstOrder, 1);
        awaitDeadLettersOf(secondOrder, 1);

        Answer resent = api().call("POST", "/admin/dead-letters/retry", null, OLIVIA);

        assertThat(resent.status()).as("%s", resent.body()).isEqualTo(202);
        assertThat(resent.body()).allSatisfy(settled -> assertThat(settled.get("outcome").asText()).isEqualTo("RESENT"));
        assertThat(deadLettersOf(firstOrder)).isEmpty();
        assertThat(deadLettersOf(secondOrder)).isEmpty();
        assertThat(awaitEmailsTo(firstEmail, 1)).hasSize(1);
        assertThat(awaitEmailsTo(secondEmail, 1)).hasSize(1);
    }

    @Test
    void resendThatFailsAgainComesBackWithAnotherAttemptAndADropRemovesIt() {
        String order = newId("order");
        String email = newEmail();
        var placed = EventRecords.placed(order, newId("customer"), email);
        RELAY.refuse(RefusingSmtpRelay.Command.RCPT_TO, email, MAILBOX_MISSING, 2);
        RECORDS.send(placed);
        String first = awaitDeadLettersOf(order, 1).get(0).get("id").asText();

        assertThat(api().call("POST", "/admin/dead-letters/" + first + "/retry", null, OLIVIA).status()).isEqualTo(202);

        JsonNode again = await().atMost(Duration.ofSeconds(20)).until(() -> deadLettersOf(order),
                listed -> listed.size() == 1 && !listed.get(0).get("id").asText().equals(first)).get(0);
        assertThat(again.get("eventId").asText()).isEqualTo(placed.eventId());
        assertThat(again.get("attempts").asInt()).isEqualTo(2);
        assertThat(again.get("cause").asText()).contains(MAILBOX_MISSING);
        String id = again.get("id").asText();
        // The gauge counts what waits: resent and dropped records no longer.
        int waiting = await().atMost(Duration.ofSeconds(20)).until(() -> allDeadLetters().size(),
                count -> api().metric("notification_dead_letters") == count);

        Answer dropped = api().call("DELETE", "/admin/dead-letters/" + id, null, OLIVIA);

        assertThat(dropped.status()).isEqualTo(204);
        assertThat(deadLettersOf(order)).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> api().metric("notification_dead_letters") == waiting - 1);
        assertProblem(api().call("DELETE", "/admin/dead-letters/" + id, null, OLIVIA), 404,
                "dead letter " + id + " waits no longer: dropped by olivia at ");
        assertProblem(api().call("POST", "/admin/dead-letters/" + id + "/retry", null, OLIVIA), 404,
                "dead letter " + id + " waits no longer: dropped by olivia at ");
        assertThat(emailsTo(email)).isEmpty();
    }

    @Test
    void listIsBoundedByItsLimit() {
        String order = newId("order");
        RECORDS.send(EventRecords.ORDERS, order, UUID.randomUUID().toString(),
                "org.orderplatform.api.order.OrderShippedEvent", "{}".getBytes(StandardCharsets.UTF_8));
        RECORDS.send(EventRecords.ORDERS, order, UUID.randomUUID().toString(),
                "org.orderplatform.api.order.OrderConfirmedEvent", "{\"orderId\":".getBytes(StandardCharsets.UTF_8));
        List<JsonNode> poison = awaitDeadLettersOf(order, 2);
        assertThat(poison.get(0).get("cause").asText())
                .isEqualTo("PoisonMessageException: unknown event type 'org.orderplatform.api.order.OrderShippedEvent'");
        assertThat(poison.get(1).get("cause").asText()).startsWith("PoisonMessageException: malformed OrderConfirmedEvent");

        Answer one = api().call("GET", "/admin/dead-letters?limit=1", null, OLIVIA);

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).hasSize(1);
        assertProblem(api().call("GET", "/admin/dead-letters?limit=0", null, OLIVIA), 400, "limit ");
        assertProblem(api().call("GET", "/admin/dead-letters?limit=1001", null, OLIVIA), 400, "limit ");
    }

    @Test
    void recordFromATopicNotConsumedHereIsNotResent() {
        String order = newId("order");
        RECORDS.send(new ProducerRecord<>(EventRecords.DEAD_LETTERS, null, order, "{}".getBytes(StandardCharsets.UTF_8),
                List.of(header("kafka_dlt-original-topic", "orders.stock-events"),
                        header("kafka_dlt-original-consumer-group", "stock-watch"),
                        header("kafka_dlt-exception-cause-fqcn", "java.lang.IllegalStateException"),
                        header("kafka_dlt-exception-message", "no stock level"))));
        JsonNode foreign = awaitDeadLettersOf(order, 1).get(0);
        assertThat(foreign.get("processor").asText()).isEqualTo("stock-watch");
        assertThat(foreign.get("cause").asText()).isEqualTo("java.lang.IllegalStateException: no stock level");
        assertThat(foreign.get("sourceTopic").asText()).isEqualTo("orders.stock-events");
        String id = foreign.get("id").asText();

        assertProblem(api().call("POST", "/admin/dead-letters/" + id + "/retry", null, OLIVIA), 409,
                "dead letter " + id + " came from orders.stock-events, which is none of the topics notification"
                        + " consumes: orders.order-events, orders.payment-events");
        assertThat(deadLettersOf(order)).hasSize(1);
    }

    @Test
    void unknownDeadLettersAreProblemsThatSayWhy() {
        assertProblem(api().call("POST", "/admin/dead-letters/0-999999/retry", null, OLIVIA), 404,
                "no dead letter 0-999999: partition 0 of notification.dead-letters ");
        assertProblem(api().call("DELETE", "/admin/dead-letters/7-0", null, OLIVIA), 404,
                "no dead letter 7-0: notification.dead-letters has no partition 7");
        assertProblem(api().call("DELETE", "/admin/dead-letters/latest", null, OLIVIA), 404,
                "no dead letter 'latest': ids are <partition>-<offset>, such as 0-17");
    }

    @Test
    void onlyOperatorsReachTheDeadLetters() {
        List<String[]> requests = List.of(new String[]{"GET", "/admin/dead-letters"},
                new String[]{"POST", "/admin/dead-letters/0-0/retry"}, new String[]{"DELETE", "/admin/dead-letters/0-0"});

        for (String[] request : requests) {
            assertProblem(api().call(request[0], request[1], null, null), 401, "an access token from ");
            assertProblem(api().call(request[0], request[1], null, ALICE), 403, " needs the operator role");
            assertProblem(api().call(request[0], request[1], null, SERVICE), 403, " needs the operator role");
        }
    }

    @Test
    void brokerAwayIsA503WithRetryAfterAtOnce() {
        kafka.close();
        List<Answer> answers;
        Duration took;
        try {
            Instant start = Instant.now();
            answers = List.of(api().call("GET", "/admin/dead-letters", null, OLIVIA),
                    api().call("POST", "/admin/dead-letters/0-0/retry", null, OLIVIA),
                    api().call("DELETE", "/admin/dead-letters/0-0", null, OLIVIA));
            took = Duration.between(start, Instant.now());
        } finally {
            kafka = EmbeddedKafka.start(EmbeddedKafka.Options.persistentIn(KAFKA_LOGS).withPort(KAFKA_PORT));
        }

        assertThat(answers).allSatisfy(answer -> {
            assertProblem(answer, 503, "the dead letters cannot be reached now: the Kafka broker did not answer within 2000 ms");
            assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        });
        // Each waits the broker timeout (2 s), not the Kafka client's minute.
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api().call("GET", "/admin/dead-letters", null, OLIVIA).status() == 200);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private NotificationApi api() {
        return new NotificationApi(port);
    }

    private static void assertProblem(Answer answer, int status, String detail) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body().get("detail").asText()).contains(detail);
    }

    private List<JsonNode> allDeadLetters() {
        Answer listing = api().call("GET", "/admin/dead-letters?limit=1000", null, OLIVIA);
        assertThat(listing.status()).as("listing: %s", listing.body()).isEqualTo(200);
        return StreamSupport.stream(listing.body().spliterator(), false).toList();
    }

    /** The order's records waiting on the dead-letter topic, oldest first. */
    private List<JsonNode> deadLettersOf(String orderId) {
        return allDeadLetters().stream().filter(listed -> orderId.equals(listed.get("aggregateId").asText())).toList();
    }

    private List<JsonNode> awaitDeadLettersOf(String orderId, int count) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> deadLettersOf(orderId), found -> found.size() >= count);
    }

    private static List<ReceivedEmail> emailsTo(String address) {
        return SMTP.receivedEmails().stream().filter(email -> email.to().contains(address)).toList();
    }

    private static List<ReceivedEmail> awaitEmailsTo(String address, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> emailsTo(address).size() >= count);
        return emailsTo(address);
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String newEmail() {
        return "customer-" + UUID.randomUUID() + "@example.com";
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("dead-letter-it-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
