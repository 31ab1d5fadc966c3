package org.orderplatform.axonserver.platform;

import io.axoniq.axonserver.grpc.ErrorMessage;
import io.axoniq.axonserver.grpc.InstructionAck;
import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.NodeInfo;
import io.axoniq.axonserver.grpc.control.PlatformInboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformInfo;
import io.axoniq.axonserver.grpc.control.PlatformOutboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.AxonServerProperties;
import org.orderplatform.axonserver.grpc.CallContext;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.grpc.GrpcServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The control side of the Axon Server API: tells clients where to connect (here, on the connection they already have)
 * and keeps one instruction stream per client for registration, heartbeats, event processor status and instructions.
 */
@Component
class PlatformService extends PlatformServiceGrpc.PlatformServiceImplBase {

    private final AxonServerProperties properties;
    /** Looked up lazily: the gRPC server is built from all services, this one included. */
    private final ObjectProvider<GrpcServer> grpcServer;
    private final Environment environment;
    private final ClientRegistry registry;

    PlatformService(AxonServerProperties properties, ObjectProvider<GrpcServer> grpcServer, Environment environment,
                    ClientRegistry registry) {
        this.properties = properties;
        this.grpcServer = grpcServer;
        this.environment = environment;
        this.registry = registry;
    }

    @Override
    public void getPlatformServer(ClientIdentification request, StreamObserver<PlatformInfo> responseObserver) {
        NodeInfo node = NodeInfo.newBuilder()
                .setNodeName(properties.name())
                .setHostName(hostName())
                .setGrpcPort(grpcServer.getObject().port())
                .setHttpPort(httpPort())
                .build();
        responseObserver.onNext(PlatformInfo.newBuilder().setPrimary(node).setSameConnection(true).build());
        responseObserver.onCompleted();
    }

    @Override
    public StreamObserver<PlatformInboundInstruction> openStream(
            StreamObserver<PlatformOutboundInstruction> responseObserver) {
        return new ControlStream(CallContext.current(), new OutboundStream<>(responseObserver));
    }

    /**
     * The configured address, or this machine's name when bound to all interfaces. Clients only use it when told not
     * to reuse their connection, which this server never does.
     */
    private String hostName() {
        String address = properties.address();
        if (!address.equals("0.0.0.0") && !address.equals("::")) {
            return address;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private int httpPort() {
        // Spring Boot publishes the bound port once the web server runs; before that only the configured one exists.
        Integer bound = environment.getProperty("local.server.port", Integer.class);
        return bound != null ? bound : environment.getProperty("server.port", Integer.class, 8024);
    }

    private final class ControlStream implements StreamObserver<PlatformInboundInstruction> {

        private final String context;
        private final OutboundStream<PlatformOutboundInstruction> outbound;
        private volatile ClientConnection connection;

        private ControlStream(String context, OutboundStream<PlatformOutboundInstruction> outbound) {
            this.context = context;
            this.outbound = outbound;
        }

        @Override
        public void onNext(PlatformInboundInstruction instruction) {
            boolean handled = handle(instruction);
            String instructionId = instruction.getInstructionId();
            if (!instructionId.isEmpty()) {
                // The client waits for this acknowledgement, e.g. to know its heartbeat got through.
                InstructionAck.Builder ack = InstructionAck.newBuilder().setInstructionId(instructionId).setSuccess(handled);
                if (!handled) {
                    ack.setError(unsupported(instruction));
                }
                outbound.sendWithoutPermit(PlatformOutboundInstruction.newBuilder().setAck(ack).build());
            }
        }

        private boolean handle(PlatformInboundInstruction instruction) {
            ClientConnection client = connection;
            switch (instruction.getRequestCase()) {
                case REGISTER -> {
                    if (client == null) {
                        connection = registry.register(context, instruction.getRegister(), outbound);
                    }
                }
                case EVENT_PROCESSOR_INFO -> {
                    if (client != null) {
                        client.processorInfo(instruction.getEventProcessorInfo());
                    }
                }
                case HEARTBEAT -> {
                    if (client != null) {
                        registry.heartbeat(client);
                    }
                }
                case ACK -> registry.acknowledged(instruction.getAck());
                case RESULT -> registry.resultReceived(instruction.getResult());
                case SUBSCRIBE_TOPOLOGY_CHANGES, UNSUBSCRIBE_TOPOLOGY_CHANGES -> {
                    // Accepted; this single-node server has no topology changes to report.
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onError(Throwable t) {
            outbound.abandon();
            closed();
        }

        @Override
        public void onCompleted() {
            outbound.complete();
            closed();
        }

        private void closed() {
            ClientConnection client = connection;
            if (client != null) {
                registry.disconnected(client);
            }
        }

        private ErrorMessage unsupported(PlatformInboundInstruction instruction) {
            return ErrorCode.UNSUPPORTED_INSTRUCTION.message(
                    "Unsupported instruction: " + instruction.getRequestCase(), properties.name());
        }
    }
}
