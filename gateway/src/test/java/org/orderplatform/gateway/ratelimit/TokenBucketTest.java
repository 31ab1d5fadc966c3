package org.orderplatform.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void letsABurstThroughAtOnce() {
        TokenBucket bucket = new TokenBucket(3, 1, 0);

        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isEqualTo(SECOND);
    }

    @Test
    void saysHowLongUntilTheNextToken() {
        TokenBucket bucket = new TokenBucket(1, 4, 0);
        bucket.take(0);

        assertThat(bucket.take(SECOND / 8)).isEqualTo(SECOND / 8);
        assertThat(bucket.take(SECOND / 4)).isZero();
    }

    @Test
    void refillsAtTheRateButNeverBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(2, 10, 0);
        bucket.take(0);
        bucket.take(0);

        long later = 60 * SECOND;
        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isPositive();
    }

    @Test
    void aRefusedRequestTakesNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        bucket.take(0);

        bucket.take(SECOND / 2);
        bucket.take(SECOND / 2);
        assertThat(bucket.take(SECOND)).isZero();
    }
}
