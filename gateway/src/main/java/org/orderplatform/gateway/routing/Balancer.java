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
 */
final class Balancer implements HandlerFunction<ServerResponse> {

    static final String UNREACHABLE_METRIC = "gateway.instance.unreachable";

    private static final Logger log = LoggerFactory.getLogger(Balancer.class);

    private final String service;
    private final List<Instance> instances;
    private final Duration pause;
    private final HandlerFunction<ServerResponse> proxy = http();
    private final AtomicInteger turn = new AtomicInteger();

    Balancer(String service, List<URI> instances, Duration pause, MeterRegistry meters) {
        this.service = service;
        this.pause = pause;
        this.instances = instances.stream().map(uri -> new Instance(uri, Counter.builder(UNREACHABLE_METRIC)
                .description("Requests an instance could not be reached for; each went on to the next instance, "
                        + "or was answered 503 when none was left")
                .tag("service", service)
                .tag("address", uri.toString())
                .register(meters))).toList();
    }

    String service() {
        return service;
    }

    List<URI> instances() {
        return instances.stream().map(Instance::uri).toList();
    }

    @Override
    public ServerResponse handle(ServerRequest request) throws Exception {
        Exception unreachable = null;
        for (Instance instance : inTurn()) {
            // The proxy copies the body only once connected, so a request that reached no instance still has it whole.
            MvcUtils.setRequestUrl(request, instance.uri());
            try {
                return proxy.handle(request);
            } catch (Exception failure) {
                if (!BackendFailures.isUnreachable(failure)) {
                    throw failure;
                }
                leaveOut(instance, failure);
                unreachable = failure;
            }
        }
        throw unreachable;
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
        private volatile Instant leftOutUntil = Instant.MIN;

        Instance(URI uri, Counter unreachable) {
            this.uri = uri;
            this.unreachable = unreachable;
        }

        URI uri() {
            return uri;
        }
    }
}
