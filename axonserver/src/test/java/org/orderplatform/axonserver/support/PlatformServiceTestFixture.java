package org.orderplatform.axonserver.support;

import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.NodeInfo;
import io.axoniq.axonserver.grpc.control.PlatformInboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformInfo;
import io.axoniq.axonserver.grpc.control.PlatformOutboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.AxonServerProperties;
import org.orderplatform.axonserver.grpc.GrpcServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Test fixture: the least of the {@code PlatformService} the stock connector needs before it uses any other service
 * (it asks which node to use, then opens its instruction stream). An auto-configuration, so it steps aside as soon
 * as the application has a real {@code PlatformService}.
 */
@AutoConfiguration
@ConditionalOnMissingBean(PlatformServiceGrpc.PlatformServiceImplBase.class)
public class PlatformServiceTestFixture {

    @Bean
    PlatformServiceGrpc.PlatformServiceImplBase platformServiceTestFixture(ObjectProvider<GrpcServer> grpcServer,
                                                                           AxonServerProperties properties) {
        return new PlatformServiceGrpc.PlatformServiceImplBase() {
            @Override
            public void getPlatformServer(ClientIdentification request, StreamObserver<PlatformInfo> responseObserver) {
                responseObserver.onNext(PlatformInfo.newBuilder()
                        .setPrimary(NodeInfo.newBuilder()
                                .setHostName(properties.address())
                                .setGrpcPort(grpcServer.getObject().port())
                                .setNodeName(properties.name()))
                        .setSameConnection(true)
                        .build());
                responseObserver.onCompleted();
            }

            @Override
            public StreamObserver<PlatformInboundInstruction> openStream(
                    StreamObserver<PlatformOutboundInstruction> responseObserver) {
                return new StreamObserver<>() {
                    @Override
                    public void onNext(PlatformInboundInstruction instruction) {
                        // registrations and heartbeats need no answer for these tests
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the client went away; nothing to clean up
                    }

                    @Override
                    public void onCompleted() {
                        responseObserver.onCompleted();
                    }
                };
            }
        };
    }
}
