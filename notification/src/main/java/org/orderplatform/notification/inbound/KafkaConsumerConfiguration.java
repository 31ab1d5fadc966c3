package org.orderplatform.notification.inbound;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.orderplatform.notification.deadletter.DeadLetterHeaders;
import org.orderplatform.notification.delivery.NotificationMetrics;
import org.orderplatform.notification.email.SmtpUnavailableException;
import org.orderplatform.notification.email.UndeliverableEmailException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.nio.charset.StandardCharsets;

/**
 * What happens to a record that fails. A failure of the SMTP server or of MongoDB is nobody's fault in the record:
 * it is retried with growing waits until it passes, holding the partition, and never dead-lettered; so is an SMTP
 * reply that refuses for now (4xx). A record that cannot be handled as it is (unknown type, malformed payload, an
 * email the SMTP server refused for good) goes to the dead-letter topic at once; any other failure, such as a template
 * that cannot be rendered, after a few attempts. The dead-lettered record keeps its key, value and headers and gains
 * the reason, which is logged too; the partition moves on.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerConfiguration.class);

    /** Created at start when missing, replicated as configured so that dead letters survive a broker. */
    @Bean
    NewTopic deadLetterTopicDeclaration(ConsumerSettings settings) {
        TopicBuilder topic = TopicBuilder.name(settings.topics().deadLetter());
        ConsumerSettings.Replication replication = settings.replication();
        if (replication.factor() != null) {
            topic.replicas(replication.factor());
        }
        if (replication.minInsyncReplicas() != null) {
            topic.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replication.minInsyncReplicas().toString());
        }
        return topic.build();
    }

    @Bean
    DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> deadLetters, ConsumerSettings settings,
                                     NotificationMetrics metrics) {
        var recoverer = new DeadLetterPublishingRecoverer(deadLetters,
                // Any partition: the key, the order id, chooses it, whatever the dead-letter topic's size.
                (record, failure) -> new TopicPartition(settings.topics().deadLetter(), -1));
        recoverer.setHeadersFunction((record, failure) -> new RecordHeaders(new RecordHeader[]{
                new RecordHeader(DeadLetterHeaders.REASON, reason(failure).getBytes(StandardCharsets.UTF_8))}));
        ConsumerSettings.Retry retry = settings.retry();
        var handler = new DefaultErrorHandler((ConsumerRecord<?, ?> record, Exception failure) -> {
            recoverer.accept(record, failure);
            metrics.deadLettered(record.topic(), rootOf(failure));
            log.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason(failure));
        }, new FixedBackOff(retry.otherInterval().toMillis(), Math.max(0, retry.otherAttempts() - 1)));
        handler.addNotRetryableExceptions(PoisonMessageException.class, UndeliverableEmailException.class);
        handler.setBackOffFunction((record, failure) -> isTransient(failure) ? untilItPasses(retry) : null);
        return handler;
    }

    private static ExponentialBackOff untilItPasses(ConsumerSettings.Retry retry) {
        var backOff = new ExponentialBackOff(retry.transientInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(retry.transientMaxInterval().toMillis());
        return backOff;
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SmtpUnavailableException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException || cause instanceof MongoSocketException
                    || cause instanceof MongoTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable root = rootOf(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The listener's own exception, without the container's wrapper. */
    private static Throwable rootOf(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof ListenerExecutionFailedException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
