package org.orderplatform.notification;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The notification service against a real Kafka broker, SMTP server and the MongoDB-compatible server. */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = NotificationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {NotificationApplication.CONFIG_NAME,
                "notification.retry.transient-max-interval=1s",
                "notification.retry.other-interval=100ms",
                "support.metrics.sample-interval=200ms"})
class NotificationIT {

    private static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    private static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    private static EmbeddedSmtp smtp = EmbeddedSmtp.start();
    private static final int SMTP_PORT = smtp.smtpPort();
    private static final RefusingSmtpRelay RELAY = RefusingSmtpRelay.start(SMTP_PORT);
    private static final EventRecords RECORDS = new EventRecords(KAFKA.bootstrapServers());
    private static final String REASON_HEADER = "notification-dead-letter-reason";
    private static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();
    private static final String ALICE = SIGNIN.token("alice");
    private static final String BOB = SIGNIN.token("bob");
    private static final String OLIVIA = SIGNIN.token("olivia");
    private static final String SERVICE = SIGNIN.serviceToken();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        NotificationConnections.register(registry, MONGO, KAFKA.bootstrapServers(), RELAY.port(), SIGNIN);
    }

    @AfterAll
    static void stopInfrastructure() {
        SIGNIN.close();
        RECORDS.close();
        RELAY.close();
        smtp.close();
        KAFKA.close();
        MONGO.close();
    }

    @Test
    void emailsEachFactWithPlainTextAndEscapedHtml() throws MessagingException {
        String confirmedOrder = newId("order");
        String cancelledOrder = newId("order");
        String email = newEmail();
        var placed = EventRecords.placed(confirmedOrder, newId("customer"), email);

        RECORDS.send(placed, EventRecords.confirmed(confirmedOrder),
                EventRecords.placed(cancelledOrder, newId("customer"), email),
                EventRecords.cancelled(cancelledOrder, "PAYMENT_TIMEOUT"), EventRecords.refunded(cancelledOrder));

        List<ReceivedEmail> emails = awaitEmailsTo(email, 5);
        assertThat(emails).extracting(ReceivedEmail::subject).containsExactly(
                "We received your order " + confirmedOrder,
                "Your order " + confirmedOrder + " is confirmed",
                "We received your order " + cancelledOrder,
                "Your order " + cancelledOrder + " was cancelled",
                "Your payment for order " + cancelledOrder + " was refunded");
        ReceivedEmail received = emails.get(0);
        assertThat(received.text()).hasValueSatisfying(text -> assertThat(text)
                .contains("2 x mug<b> at 29.90 EUR").contains("Total: 69.70 EUR"));
        assertThat(received.html()).hasValueSatisfying(html -> assertThat(html)
                .contains("mug&lt;b&gt;").doesNotContain("mug<b>").contains("69.70 EUR"));
        assertThat(emails.get(3).text()).hasValueSatisfying(text -> assertThat(text)
                .contains("because we did not receive a confirmation of your payment in time"));
        assertThat(messagesTo(email).get(0).getMessageID())
                .isEqualTo("<" + placed.eventId() + "@notification.orderplatform.example>");

        JsonNode sent = call("GET", "/notifications?orderId=" + confirmedOrder, null, OLIVIA).body();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).get("orderId").asText()).isEqualTo(confirmedOrder);
        assertThat(sent.get(0).get("kind").asText()).isEqualTo("ORDER_RECEIVED");
        assertThat(sent.get(0).get("to").asText()).isEqualTo(email);
        assertThat(sent.get(0).get("messageId").asText()).isEqualTo("<" + placed.eventId() + "@notification.orderplatform.example>");
        assertThat(sent.get(0).get("sentAt").asText()).endsWith("Z");
        assertThat(sent.get(1).get("kind").asText()).isEqualTo("ORDER_CONFIRMED");
        // From each fact to its email, as a histogram a dashboard takes quantiles of.
        assertThat(metric("notification_emails_delay_seconds_count")).isGreaterThanOrEqualTo(5);
        assertThat(metric("notification_emails_delay_seconds_bucket")).isPositive();
    }

    @Test
    void sameRecordDeliveredTwiceYieldsOneEmail() {
        String order = newId("order");
        String email = newEmail();
        var placed = EventRecords.placed(order, newId("customer"), email);

        RECORDS.send(placed, placed, EventRecords.confirmed(order));

        awaitEmailsTo(email, 2);
        assertThat(emailsTo(email)).extracting(ReceivedEmail::subject)
                .containsExactly("We received your order " + order, "Your order " + order + " is confirmed");
        assertThat(metric("notification_events_deduplicated_total")).isPositive();
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWhileLaterRecordsAreHandled() {
        String order = newId("order");
        String email = newEmail();
        String unknownType = UUID.randomUUID().toString();
        String malformed = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();

        RECORDS.send(EventRecords.ORDERS, order, unknownType, "org.orderplatform.api.order.OrderShippedEvent",
                ("{\"orderId\":\"" + order + "\"}").getBytes(StandardCharsets.UTF_8));
        RECORDS.send(EventRecords.ORDERS, order, malformed, "org.orderplatform.api.order.OrderConfirmedEvent",
                "{\"orderId\":".getBytes(StandardCharsets.UTF_8));
        RECORDS.send(EventRecords.ORDERS, order, refused, "org.orderplatform.api.order.OrderCancelledEvent",
                ("{\"orderId\":\"" + order + "\",\"reason\":\"BORED\"}").getBytes(StandardCharsets.UTF_8));
        RECORDS.send(EventRecords.placed(order, newId("customer"), email));

        awaitEmailsTo(email, 1);
        Map<String, ConsumerRecord<String, byte[]>> deadLetters = deadLettersOf(order, 3);
        assertThat(deadLetters).containsOnlyKeys(unknownType, malformed, refused);
        assertThat(header(deadLetters.get(unknownType), REASON_HEADER))
                .contains("unknown event type 'org.orderplatform.api.order.OrderShippedEvent'");
        assertThat(header(deadLetters.get(malformed), REASON_HEADER)).contains("malformed OrderConfirmedEvent");
        assertThat(header(deadLetters.get(refused), REASON_HEADER)).contains("malformed OrderCancelledEvent");
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(malformed);
        assertThat(deadLetter.key()).isEqualTo(order);
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":");
        assertThat(header(deadLetter, "axon-message-type")).isEqualTo("org.orderplatform.api.order.OrderConfirmedEvent");
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(EventRecords.ORDERS);
        assertThat(metric("notification_events_dead_lettered_total")).isGreaterThanOrEqualTo(3);
        // What the dead-letter topic holds, read from the broker.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(metric("notification_dead_letters")).isGreaterThanOrEqualTo(3));
    }

    @Test
    void refundThatOvertakesItsOrderIsSentOnceTheOrderArrives() {
        String order = newId("order");
        String email = newEmail();

        RECORDS.send(EventRecords.refunded(order), EventRecords.completed(order));
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("notification_events_deferred_total") > 0);
        RECORDS.send(EventRecords.placed(order, newId("customer"), email));

        List<ReceivedEmail> emails = awaitEmailsTo(email, 2);
        assertThat(emails).extracting(ReceivedEmail::subject).containsExactlyInAnyOrder(
                "We received your order " + order, "Your payment for order " + order + " was refunded");
    }

    @Test
    void customerWhoSwitchedEmailsOffGetsNoneUntilSwitchedOnAgain() {
        String customer = newId("customer");
        String preferences = "/customers/" + customer + "/notification-preferences";
        String order = newId("order");
        String email = newEmail();
        assertThat(call("GET", preferences, null, OLIVIA).body().get("emailEnabled").asBoolean()).isTrue();

        Answer switchedOff = call("PUT", preferences, "{\"emailEnabled\":false}", OLIVIA);
        assertThat(switchedOff.status()).isEqualTo(200);
        assertThat(call("GET", preferences, null, OLIVIA).body().get("emailEnabled").asBoolean()).isFalse();
        RECORDS.send(EventRecords.placed(order, customer, email));
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("notification_emails_skipped_total") > 0);
        call("PUT", preferences, "{\"emailEnabled\":true}", OLIVIA);
        RECORDS.send(EventRecords.confirmed(order));

        assertThat(awaitEmailsTo(email, 1)).extracting(ReceivedEmail::subject)
                .containsExactly("Your order " + order + " is confirmed");
        assertThat(call("GET", "/notifications?orderId=" + order, null, OLIVIA).body()).hasSize(1);
    }

    @Test
    void badInputIsAnsweredWithProblemDetails() {
        Answer notBoolean = call("PUT", "/customers/c-1/notification-preferences", "{\"emailEnabled\":\"perhaps\"}", OLIVIA);
        Answer missing = call("PUT", "/customers/c-1/notification-preferences", "{}", OLIVIA);
        Answer noOrder = call("GET", "/notifications", null, OLIVIA);

        for (Answer answer : List.of(notBoolean, missing, noOrder)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(missing.body().get("detail").asText()).contains("emailEnabled");
    }

    @Test
    void refusesRequestsWithoutATokenAsProblems() {
        List<Answer> answers = List.of(
                call("GET", "/notifications?orderId=" + newId("order"), null, null),
                call("GET", "/customers/alice/notification-preferences", null, null),
                call("PUT", "/customers/alice/notification-preferences", "{\"emailEnabled\":false}", null));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.body().get("detail").asText())
                    .isEqualTo("an access token from " + EmbeddedSignin.ISSUER + " is required (Authorization: Bearer ...)");
        });
    }

    @Test
    void customerSeesTheNotificationsOfTheirOwnOrdersOnlyWhileOperatorsAndServicesSeeAnyones() {
        String order = newId("order");
        String path = "/notifications?orderId=" + order;
        RECORDS.send(EventRecords.placed(order, "alice", newEmail()));
        await().atMost(Duration.ofSeconds(20)).until(() -> call("GET", path, null, OLIVIA).body().size() == 1);

        Answer owner = call("GET", path, null, ALICE);
        Answer another = call("GET", path, null, BOB);
        Answer operator = call("GET", path, null, OLIVIA);
        Answer service = call("GET", path, null, SERVICE);

        assertThat(List.of(owner, operator, service)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).singleElement()
                    .satisfies(sent -> assertThat(sent.get("kind").asText()).isEqualTo("ORDER_RECEIVED"));
        });
        assertThat(another.status()).isEqualTo(403);
        assertThat(another.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(another.body().get("detail").asText()).isEqualTo("order " + order + " belongs to another customer than bob");
    }

    @Test
    void orderNotKnownYetHasNoNotificationsForAnyCaller() {
        String path = "/notifications?orderId=" + newId("order");

        assertThat(List.of(ALICE, BOB, OLIVIA)).allSatisfy(token -> {
            Answer answer = call("GET", path, null, token);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEmpty();
        });
    }

    @Test
    void customerReadsAndChangesOnlyTheirOwnPreferenceWhileOperatorsAndServicesReachAnyones() {
        String alices = "/customers/alice/notification-preferences";
        String bobs = "/customers/bob/notification-preferences";
        Answer anotherReads = call("GET", alices, null, BOB);
        Answer anotherChanges = call("PUT", alices, "{\"emailEnabled\":false}", BOB);
        // Set to on, as everyone's is by default: alice's orders in the other tests are to be emailed.
        Answer ownerChanges = call("PUT", alices, "{\"emailEnabled\":true}", ALICE);
        Answer ownerReads = call("GET", alices, null, ALICE);
        Answer operatorChanges = call("PUT", bobs, "{\"emailEnabled\":true}", OLIVIA);
        Answer operatorReads = call("GET", alices, null, OLIVIA);
        Answer serviceChanges = call("PUT", alices, "{\"emailEnabled\":true}", SERVICE);
        Answer serviceReads = call("GET", bobs, null, SERVICE);

        assertThat(List.of(anotherReads, anotherChanges)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.body().get("detail").asText())
                    .isEqualTo("customer alice's notification preference belongs to another customer than bob");
        });
        assertThat(List.of(ownerChanges, ownerReads, operatorChanges, operatorReads, serviceChanges, serviceReads))
                .allSatisfy(answer -> {
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.body().get("emailEnabled").asBoolean()).isTrue();
                });
        assertThat(ownerReads.body().get("customerId").asText()).isEqualTo("alice");
        assertThat(serviceReads.body().get("customerId").asText()).isEqualTo("bob");
    }

    @Test
    void emailRefusedForGoodIsDeadLetteredWithTheReplyWhileTheNextOrdersAreEmailed() {
        String refusedRecipient = newEmail();
        String refusedMessage = newEmail();
        String email = newEmail();
        var toRefusedRecipient = EventRecords.placed(newId("order"), newId("customer"), refusedRecipient);
        var toRefusedMessage = EventRecords.placed(newId("order"), newId("customer"), refusedMessage);
        String nextOrder = newId("order");
        RELAY.refuse(RefusingSmtpRelay.Command.RCPT_TO, refusedRecipient, "550 5.1.1 mailbox unavailable", 1);
        RELAY.refuse(RefusingSmtpRelay.Command.DATA, refusedMessage, "554 5.7.1 transaction failed", 1);

        // The test broker's topics have one partition: the next order's records follow the refused ones on it.
        RECORDS.send(toRefusedRecipient, toRefusedMessage,
                EventRecords.placed(nextOrder, newId("customer"), email), EventRecords.confirmed(nextOrder));

        assertThat(awaitEmailsTo(email, 2)).extracting(ReceivedEmail::subject)
                .containsExactly("We received your order " + nextOrder, "Your order " + nextOrder + " is confirmed");
        ConsumerRecord<String, byte[]> recipientRefused = deadLettersOf(toRefusedRecipient.orderId(), 1)
                .get(toRefusedRecipient.eventId());
        assertThat(header(recipientRefused, REASON_HEADER)).contains(refusedRecipient, "550 5.1.1 mailbox unavailable");
        assertThat(header(recipientRefused, "kafka_dlt-original-topic")).isEqualTo(EventRecords.ORDERS);
        assertThat(header(deadLettersOf(toRefusedMessage.orderId(), 1).get(toRefusedMessage.eventId()), REASON_HEADER))
                .contains("554 5.7.1 transaction failed");
        assertThat(call("GET", "/notifications?orderId=" + toRefusedRecipient.orderId(), null, OLIVIA).body()).isEmpty();

        // Redelivered, the refused fact is dead-lettered again but not emailed, although the server would take it now.
        String laterOrder = newId("order");
        RECORDS.send(toRefusedRecipient, EventRecords.placed(laterOrder, newId("customer"), refusedRecipient));

        assertThat(awaitEmailsTo(refusedRecipient, 1)).extracting(ReceivedEmail::subject)
                .containsExactly("We received your order " + laterOrder);
        assertThat(deadLettersOf(toRefusedRecipient.orderId())).hasSize(2);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(emailsTo(refusedRecipient)).hasSize(1);
    }

    @Test
    void deferredEmailRefusedForGoodIsPassedOverWhileTheOrderAndItsOtherEmailsGoOn() {
        String order = newId("order");
        String email = newEmail();
        double deferredBefore = metric("notification_events_deferred_total");
        RECORDS.send(EventRecords.refunded(order), EventRecords.cancelled(order, "PAYMENT_DECLINED"));
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("notification_events_deferred_total") >= deferredBefore + 2);
        // The order's own email first, then one of the two released ones is refused.
        var refusal = RELAY.refuse(RefusingSmtpRelay.Command.DATA, email, "554 5.7.1 transaction failed", 1, 1);

        RECORDS.send(EventRecords.placed(order, newId("customer"), email));

        List<ReceivedEmail> emails = awaitEmailsTo(email, 2);
        assertThat(emails.get(0).subject()).isEqualTo("We received your order " + order);
        assertThat(emails.get(1).subject()).isIn("Your order " + order + " was cancelled",
                "Your payment for order " + order + " was refunded");
        assertThat(refusal.allGiven()).isTrue();
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(emailsTo(email)).hasSize(2);
        assertThat(call("GET", "/notifications?orderId=" + order, null, OLIVIA).body()).hasSize(2);
        assertThat(deadLettersOf(order)).isEmpty();
    }

    @Test
    void temporaryRefusalsAndARefusedSenderAreRetriedAndTheEmailDeliveredOnce() {
        String order = newId("order");
        String email = newEmail();
        var senderRefused = RELAY.refuse(RefusingSmtpRelay.Command.MAIL_FROM, "orders@orderplatform.example",
                "553 5.7.1 sender not allowed", 1);
        var mailboxBusy = RELAY.refuse(RefusingSmtpRelay.Command.RCPT_TO, email, "450 4.2.1 mailbox busy, try later", 2);

        RECORDS.send(EventRecords.placed(order, newId("customer"), email));

        assertThat(awaitEmailsTo(email, 1)).extracting(ReceivedEmail::subject).containsExactly("We received your order " + order);
        assertThat(senderRefused.allGiven()).isTrue();
        assertThat(mailboxBusy.allGiven()).isTrue();
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(emailsTo(email)).hasSize(1);
        assertThat(deadLettersOf(order)).isEmpty();
    }

    @Test
    void smtpOutageDelaysEmailsButLosesNone() {
        String email = newEmail();
        List<String> orders = List.of(newId("order"), newId("order"), newId("order"));
        smtp.close();
        try {
            orders.forEach(order -> RECORDS.send(EventRecords.placed(order, newId("customer"), email)));
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                    .until(() -> call("GET", "/notifications?orderId=" + orders.get(0), null, OLIVIA).body().isEmpty());
        } finally {
            smtp = EmbeddedSmtp.start(new EmbeddedSmtp.Options(SMTP_PORT, 0));
        }

        List<ReceivedEmail> emails = awaitEmailsTo(email, 3);
        assertThat(emails).extracting(ReceivedEmail::subject)
                .containsExactlyElementsOf(orders.stream().map(order -> "We received your order " + order).toList());
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(emailsTo(email)).hasSize(3);
        assertThat(orders).allSatisfy(order -> assertThat(deadLettersOf(order)).isEmpty());
    }

    @Test
    void exposesHealthAndMetrics() {
        RECORDS.send(EventRecords.placed(newId("order"), newId("customer"), newEmail()));
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("notification_emails_sent_total") > 0);

        JsonNode health = call("GET", "/actuator/health", null, OLIVIA).body();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").get("mongo").get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").get("mail").get("status").asText()).isEqualTo("UP");
        JsonNode anonymousHealth = call("GET", "/actuator/health", null, null).body();
        assertThat(anonymousHealth.get("status").asText()).isEqualTo("UP");
        assertThat(anonymousHealth.has("components")).isFalse();
        String prometheus = text("/actuator/prometheus");
        assertThat(prometheus).contains("notification_events_consumed_total{", "notification_emails_sent_total{",
                "notification_events_deduplicated_total", "kafka_consumer_fetch_manager_records_lag");
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String newEmail() {
        return "customer-" + UUID.randomUUID() + "@example.com";
    }

    private static List<ReceivedEmail> emailsTo(String address) {
        return smtp.receivedEmails().stream().filter(email -> email.to().contains(address)).toList();
    }

    private static List<MimeMessage> messagesTo(String address) {
        return smtp.receivedMessages().stream().filter(message -> {
            try {
                return message.getAllRecipients()[0].toString().equals(address);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<ReceivedEmail> awaitEmailsTo(String address, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> emailsTo(address).size() >= count);
        return emailsTo(address);
    }

    /** The order's records on the dead-letter topic, by event identifier, once there are {@code count}. */
    private static Map<String, ConsumerRecord<String, byte[]>> deadLettersOf(String orderId, int count) {
        List<ConsumerRecord<String, byte[]>> found = await().atMost(Duration.ofSeconds(20))
                .until(() -> deadLettersOf(orderId), deadLetters -> deadLetters.size() >= count);
        Map<String, ConsumerRecord<String, byte[]>> byEventId = new HashMap<>();
        found.forEach(record -> byEventId.put(header(record, "axon-message-id"), record));
        return byEventId;
    }

    /** The order's records on the dead-letter topic now, oldest first. */
    private static List<ConsumerRecord<String, byte[]>> deadLettersOf(String orderId) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(EventRecords.DEAD_LETTERS).stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (orderId.equals(record.key())) {
                        found.add(record);
                    }
                });
            }
            return found;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** @param token the caller's access token, or {@code null} for a request without one */
    private Answer call(String method, String path, String body, String token) {
        return new NotificationApi(port).call(method, path, body, token);
    }

    private String text(String path) {
        return new NotificationApi(port).text(path);
    }

    private double metric(String name) {
        return new NotificationApi(port).metric(name);
    }
}
