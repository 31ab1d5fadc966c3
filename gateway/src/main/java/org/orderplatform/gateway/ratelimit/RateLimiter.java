package org.orderplatform.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * One token bucket per client, in memory: each gateway instance limits on its own, so the limit a client meets across
 * N instances is up to N times the configured one.
 */
@Component
public class RateLimiter {

    // Bounds memory under a flood of new clients; a bucket dropped that way comes back full.
    private static final long MAX_CLIENTS = 100_000;

    private final RateLimitProperties limit;
    private final Cache<String, TokenBucket> buckets;

    RateLimiter(RateLimitProperties limit) {
        this.limit = limit;
        // A bucket left alone this long is full again, as good as a new one, so dropping it changes nothing.
        Duration refill = Duration.ofNanos((long) Math.ceil(limit.burst() / limit.requestsPerSecond() * 1e9));
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(refill.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : refill)
                .maximumSize(MAX_CLIENTS)
                .build();
    }

    /** Lets one request of the client through ({@link Duration#ZERO}), or says how long until it may send one. */
    public Duration acquire(String client) {
        long now = System.nanoTime();
        TokenBucket bucket = buckets.get(client, key -> new TokenBucket(limit.burst(), limit.requestsPerSecond(), now));
        return Duration.ofNanos(bucket.take(now));
    }

    String describe() {
        String rate = BigDecimal.valueOf(limit.requestsPerSecond()).stripTrailingZeros().toPlainString();
        return rate + " requests per second (bursts of " + limit.burst() + ")";
    }
}
