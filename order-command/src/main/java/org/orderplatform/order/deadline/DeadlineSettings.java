package org.orderplatform.order.deadline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param pollInterval how often due deadlines are looked for; the latest a deadline fires is this late
 * @param lease        how long an instance may take to fire a claimed deadline before another may try
 */
@ConfigurationProperties("orders.deadlines")
public record DeadlineSettings(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("1m") Duration lease) {
}
