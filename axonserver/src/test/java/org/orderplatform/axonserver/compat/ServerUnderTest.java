package org.orderplatform.axonserver.compat;

import org.orderplatform.axonserver.AxonServerApplication;
import org.orderplatform.axonserver.grpc.GrpcServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The axonserver application started in this JVM on free ports and a fresh data directory. */
final class ServerUnderTest implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServerUnderTest(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static ServerUnderTest start() {
        try {
            Path dataDir = Files.createTempDirectory("axonserver-compat");
            return new ServerUnderTest(new SpringApplicationBuilder(AxonServerApplication.class)
                    .run("--axonserver.grpc-port=0", "--server.port=0", "--axonserver.data-dir=" + dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int grpcPort() {
        return context.getBean(GrpcServer.class).port();
    }

    @Override
    public void close() {
        context.close();
    }
}
