package org.orderplatform.gateway.ratelimit;

/**
 * A token bucket: it holds up to {@code capacity} tokens, gains {@code perSecond} of them each second, and a request
 * takes one. Time is passed in (nanoseconds of a monotonic clock), so the arithmetic is tested without waiting.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long refilledAt;

    TokenBucket(double capacity, double perSecond, long now) {
        this.capacity = capacity;
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Takes a token if there is one and answers 0; otherwise takes nothing and answers the nanoseconds until one. */
    synchronized long take(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
