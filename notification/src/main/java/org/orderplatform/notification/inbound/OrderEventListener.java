package org.orderplatform.notification.inbound;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.orderplatform.notification.delivery.NotificationMetrics;
import org.orderplatform.notification.delivery.Notifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Takes the order and payment events from Kafka; failures are the error handler's (see {@link KafkaConsumerConfiguration}). */
@Component
class OrderEventListener {

    private final PublishedEvents events;
    private final Notifier notifier;
    private final NotificationMetrics metrics;

    OrderEventListener(PublishedEvents events, Notifier notifier, NotificationMetrics metrics) {
        this.events = events;
        this.notifier = notifier;
        this.metrics = metrics;
    }

    @KafkaListener(id = "order-events", idIsGroup = false, topics = {"${notification.topics.orders}", "${notification.topics.payments}"})
    void on(ConsumerRecord<String, byte[]> record) {
        metrics.consumed(record.topic());
        notifier.handle(events.read(record));
    }
}
