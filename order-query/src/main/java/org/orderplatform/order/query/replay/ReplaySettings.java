package org.orderplatform.order.query.replay;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param nodeId          this instance's name in the token store and in the projections collection; must differ
 *                        between instances
 * @param pollInterval    how often each instance looks at the projections collection and reports its segments
 * @param coordinatorLease how long a replay's reset step stays with the instance that started it before another
 *                        instance may take it over (the starter died)
 * @param retireAfter     how long a replaced collection stays readable for requests that looked it up just before the
 *                        swap
 * @param claimTimeout    after this long without an update, another instance may take a segment's token claim
 */
@ConfigurationProperties("order-query.replay")
public record ReplaySettings(String nodeId,
                             @DefaultValue("200ms") Duration pollInterval,
                             @DefaultValue("30s") Duration coordinatorLease,
                             @DefaultValue("30s") Duration retireAfter,
                             @DefaultValue("10s") Duration claimTimeout) {
}
