package org.orderplatform.axonserver.trends;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** {@link Trends} samples on Spring's scheduler; a sample that fails is logged there, and the next one runs. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TrendsScheduling {
}
