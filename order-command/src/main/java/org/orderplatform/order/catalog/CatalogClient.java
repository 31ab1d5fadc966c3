package org.orderplatform.order.catalog;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import org.orderplatform.api.catalog.QuoteView;
import org.orderplatform.api.catalog.StockLine;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Asks the catalog for current prices and availability. The call is bounded in concurrency (bulkhead) and time
 * (time limiter), retried with back-off for passing failures, and guarded by a circuit breaker: while the breaker
 * is open the caller hears at once that the catalog is unavailable, and for how long, instead of waiting.
 */
public class CatalogClient {

    private final RestClient catalog;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final Bulkhead bulkhead;
    private final ExecutorService calls;

    public CatalogClient(RestClient catalog, CircuitBreaker breaker, Retry retry, TimeLimiter timeLimiter,
                         Bulkhead bulkhead, ExecutorService calls) {
        this.catalog = catalog;
        this.breaker = breaker;
        this.retry = retry;
        this.timeLimiter = timeLimiter;
        this.bulkhead = bulkhead;
        this.calls = calls;
    }

    record QuoteRequest(List<Item> items) {
    }

    record Item(String productId, int quantity) {
    }

    public QuoteView quote(List<StockLine> lines) {
        var request = new QuoteRequest(lines.stream()
                .map(line -> new Item(line.productId().value(), line.quantity()))
                .toList());
        // The catalog serves signed-in callers only: the quote goes with the token of the request it is for.
        String token = callersToken();
        Supplier<QuoteView> call = () -> catalog.post().uri("/products/quote")
                .headers(headers -> headers.setBearerAuth(token))
                .body(request).retrieve().body(QuoteView.class);
        Supplier<QuoteView> guarded = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(breaker, () -> timeLimited(Bulkhead.decorateSupplier(bulkhead, call))));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw new CatalogUnavailableException("catalog is unavailable (circuit open)", remainingOpenTime(), e);
        } catch (HttpClientErrorException e) {
            throw new IllegalArgumentException("catalog refused the quote: " + e.getResponseBodyAsString(), e);
        } catch (BulkheadFullException e) {
            throw new CatalogUnavailableException("catalog is busy", Duration.ofSeconds(1), e);
        } catch (RuntimeException e) {
            throw new CatalogUnavailableException("catalog did not answer: " + e.getMessage(), Duration.ofSeconds(1), e);
        }
    }

    private static String callersToken() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
            return token.getToken().getTokenValue();
        }
        // Unreachable from HTTP: the order API admits only requests with a valid access token.
        throw new IllegalStateException("a quote was asked for outside a request with an access token");
    }

    private QuoteView timeLimited(Supplier<QuoteView> call) {
        try {
            return timeLimiter.executeFutureSupplier(() -> calls.submit(call::get));
        } catch (TimeoutException e) {
            throw new CatalogTimeoutException(timeLimiter.getTimeLimiterConfig().getTimeoutDuration(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How long the breaker stays open: when asking again can succeed. */
    private Duration remainingOpenTime() {
        long millis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        return millis > 0 ? Duration.ofMillis(millis) : Duration.ofSeconds(1);
    }

    /** The catalog took longer than the time limit: worth retrying and counted by the breaker. */
    static class CatalogTimeoutException extends RuntimeException {

        CatalogTimeoutException(Duration limit, Throwable cause) {
            super("no answer within " + limit.toMillis() + " ms", cause);
        }
    }
}
