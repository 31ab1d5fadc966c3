package org.orderplatform.axonserver.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.orderplatform.axonserver.AxonServerProperties;
import org.orderplatform.axonserver.access.AccessControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Serves every gRPC service of the Axon Server API on the configured address and port. */
@Component
public class GrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
    /** Axon Server's own default limit; larger events are refused with a clear status rather than cut. */
    private static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024 + 1024;

    private final AxonServerProperties properties;
    private final AccessControl accessControl;
    private final List<BindableService> services;
    private volatile Server server;

    public GrpcServer(AxonServerProperties properties, AccessControl accessControl, List<BindableService> services) {
        this.properties = properties;
        this.accessControl = accessControl;
        this.services = services;
    }

    @Override
    public void start() {
        var interceptor = new ContextInterceptor(properties.contexts(), accessControl);
        var builder = NettyServerBuilder.forAddress(new InetSocketAddress(properties.address(), properties.grpcPort()))
                .maxInboundMessageSize(MAX_MESSAGE_SIZE)
                // Admits the stock connector's pings: keep-alive-time 1 s (grpc-java makes it 10 s), calls or not.
                .permitKeepAliveWithoutCalls(true)
                .permitKeepAliveTime(1, TimeUnit.SECONDS);
        if (!properties.keepAliveTime().isZero()) {
            // Pings of its own find a peer that is gone without closing its connection, and end its streams.
            builder.keepAliveTime(properties.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                    .keepAliveTimeout(properties.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        services.forEach(service -> builder.addService(ServerInterceptors.intercept(service, interceptor)));
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for gRPC on " + properties.address() + ":" + properties.grpcPort(), e);
        }
        log.info("Axon Server gRPC API listening on {}:{}", properties.address(), port());
    }

    /** The port actually bound, which differs from the configured one when that is 0. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
