package org.orderplatform.order.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounds the order commands in progress. Beyond the limit a request is answered {@code 503} at once, with a
 * {@code Retry-After} of one to three seconds so that refused clients do not all come back together, instead of
 * taking a request thread and CPU from the orders in progress. Without the bound, the clients that retried through
 * an outage arrive all at once when order-command is back, every request thread waits on commands that the busy
 * process cannot finish within the clients' timeouts, nothing completes, and health and metrics get no thread either.
 */
@Component
class OrderAdmission implements HandlerInterceptor, WebMvcConfigurer {

    private static final String ADMITTED = OrderAdmission.class.getName() + ".admitted";
    private static final int SHORTEST_RETRY_AFTER_SECONDS = 1;
    private static final int LONGEST_RETRY_AFTER_SECONDS = 3;

    private final int limit;
    private final Semaphore inProgress;
    private final Counter refused;

    OrderAdmission(@Value("${orders.api.concurrent-limit}") int limit, MeterRegistry meters) {
        this.limit = limit;
        this.inProgress = new Semaphore(limit);
        this.refused = Counter.builder("orders.api.refused")
                .description("Order commands answered 503 because the concurrent limit was reached")
                .register(meters);
        Gauge.builder("orders.api.in.progress", inProgress, permits -> limit - permits.availablePermits())
                .description("Order commands in progress, at most orders.api.concurrent-limit")
                .register(meters);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || method.getBeanType() != OrderController.class) {
            return true;
        }
        if (!inProgress.tryAcquire()) {
            refused.increment();
            throw new OrdersBusyException(limit, ThreadLocalRandom.current()
                    .nextInt(SHORTEST_RETRY_AFTER_SECONDS, LONGEST_RETRY_AFTER_SECONDS + 1));
        }
        request.setAttribute(ADMITTED, Boolean.TRUE);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception failure) {
        if (request.getAttribute(ADMITTED) != null) {
            request.removeAttribute(ADMITTED);
            inProgress.release();
        }
    }
}
