package org.orderplatform.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Each client may send {@code requestsPerSecond} on average and up to {@code burst} at once. */
@ConfigurationProperties("gateway.rate-limit")
record RateLimitProperties(double requestsPerSecond, int burst) {

    RateLimitProperties {
        if (requestsPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("gateway.rate-limit needs a positive requests-per-second and burst, was "
                    + requestsPerSecond + " and " + burst);
        }
    }
}
