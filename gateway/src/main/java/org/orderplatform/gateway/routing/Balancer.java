package org.orderplatform.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

/**
 * Passes one service's requests on to its instances in turn (round robin). An instance that cannot be reached never
 * saw the request, so the request goes on to the next instance at once, whatever its method; the unreachable one is
 * left out of the turn for a pause. A left-out instance is still tried last, when no other took the request, so a
 * request meets a {@code 503} only when every instance failed it.
 * <p>
 * An instance that broke off the exchange before answering (killed mid-request) may have acted on the request, so the
 * request goes on to the next instance only when sending it twice does what sending it once does: an idempotent method,
 * or an {@code Idempotency-Key} on a route whose service honours it, with a body {@link ResendableBodies} kept.
 */
final class Balancer implements HandlerFunction<ServerResponse> {

    static final String UNREACHABLE_METRIC = "gateway.instance.unreachable";
    static final String BROKEN_OFF_METRIC = "gateway.instance.broken.off";

    private static final Logger log = LoggerFactory.getLogger(Balancer.class);

    private final String service;
    private final List<Instance> instances;
    private final Duration pause;
    private final HandlerFunction<ServerResponse> proxy = http();
    private final AtomicInteger turn = new AtomicInteger();

    Balancer(String service, List<URI> instances, Duration pause, MeterRegistry meters) {
        this.service = service;
        this.pause = pause;
        this.instances = instances.stream().map(uri -> new Instance(uri,
                counter(UNREACHABLE_METRIC, "Requests an instance could not be reached for; each went on to the next "
                        + "instance, or was answered 503 when none was left", service, uri, meters),
                counter(BROKEN_OFF_METRIC, "Requests an instance broke off before answering; each that may be sent "
                        + "twice went on to the next instance", service, uri, meters))).toList();
    }

    private static Counter counter(String name, String description, String service, URI instance,
                                   MeterRegistry meters) {
        return Counter.builder(name)
                .description(description)
                .tag("service", service)
                .tag("address", instance.toString())
                .register(meters);
    }

    String service() {
        return service;
    }

    List<URI> instances() {
        return instances.stream().map(Instance::uri).toList();
    }

    @Override
    public ServerResponse handle(ServerRequest request) throws Exception {
        return send(request, ResendableBodies.hasIdempotentMethod(request.servletRequest()));
    }

    /** For the routes of a service that answers a repeated {@code Idempotency-Key} as it answered the first. */
    HandlerFunction<ServerResponse> honouringIdempotencyKeys() {
        return request -> send(request, ResendableBodies.hasIdempotentMethod(request.servletRequest())
                || ResendableBodies.hasIdempotencyKey(request.servletRequest()));
    }

    private ServerResponse send(ServerRequest request, boolean idempotent) throws Exception {
        boolean resendable = idempotent && ResendableBodies.canResend(request.servletRequest());
        Exception last = null;
        for (Instance instance : inTurn()) {
            // The proxy copies the body only once connected, so a request that reached no instance still has it whole.
            MvcUtils.setRequestUrl(request, instance.uri());
            try {
                return proxy.handle(request);
            } catch (Exception failure) {
                if (BackendFailures.isUnreachable(failure)) {
                    leaveOut(instance, failure);
                } else if (resendable && BackendFailures.isBrokenOff(failure)) {
                    instance.brokenOff.increment();
                    log.warn("{} at {} broke off {} {}; sending it to the next instance: {}", service, instance.uri(),
                            request.method(), request.path(), BackendFailures.ioCause(failure).toString());
                    ResendableBodies.rewind(request.servletRequest());
                    failure = new BackendFailures.BrokenOffResendable(failure);
                } else {
                    throw failure;
                }
                last = failure;
            }
        }
        throw last;
    }

    /** The instances from the next in turn on, those left out behind the others. */
    private List<Instance> inTurn() {
        Instant now = Instant.now();
        List<Instance> available = new ArrayList<>(instances.size());
        List<Instance> leftOut = new ArrayList<>();
        for (Instance instance : instances) {
            (now.isBefore(instance.leftOutUntil) ? leftOut : available).add(instance);
        }
        if (!available.isEmpty()) {
            Collections.rotate(available, -Math.floorMod(turn.getAndIncrement(), available.size()));
        }
        available.addAll(leftOut);
        return available;
    }

    private void leaveOut(Instance instance, Exception failure) {
        instance.unreachable.increment();
        Instant now = Instant.now();
        boolean wasInTurn = !now.isBefore(instance.leftOutUntil);
        instance.leftOutUntil = now.plus(pause);
        if (wasInTurn) {
            log.warn("{} at {} cannot be reached, left out for {}: {}", service, instance.uri(), pause,
                    BackendFailures.ioCause(failure));
        }
    }

    private static final class Instance {

        private final URI uri;
        private final Counter unreachable;
        private final Counter brokenOff;
        private volatile Instant leftOutUntil = Instant.MIN;

        Instance(URI uri, Counter unreachable, Counter brokenOff) {
            this.uri = uri;
            this.unreachable = unreachable;
            this.brokenOff = brokenOff;
        }

        URI uri() {
            return uri;
        }
    }
}
