package org.orderplatform.axonserver.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest transaction a client may append, checked event by event as its stream arrives, so that a runaway
 * transaction is refused before it is held in memory whole (environment: {@code AXONSERVER_TRANSACTION_MAX_EVENTS},
 * {@code AXONSERVER_TRANSACTION_MAX_BYTES}).
 *
 * @param maxEvents the most events in one transaction
 * @param maxBytes  the most serialized bytes in one transaction; with the defaults a transaction at the limit takes
 *                  about a third of the suite's 256 MB heap on its way to disk
 */
@ConfigurationProperties("axonserver.transaction")
public record TransactionLimits(@DefaultValue("100000") int maxEvents, @DefaultValue("32MB") DataSize maxBytes) {
}
