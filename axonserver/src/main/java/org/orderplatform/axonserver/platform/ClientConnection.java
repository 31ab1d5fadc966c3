package org.orderplatform.axonserver.platform;

import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.EventProcessorInfo;
import io.axoniq.axonserver.grpc.control.PlatformOutboundInstruction;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One registered control stream of a client instance. */
final class ClientConnection {

    private final ClientKey key;
    private final ClientIdentification identification;
    private final Instant connectedSince;
    private final OutboundStream<PlatformOutboundInstruction> outbound;
    private final ConcurrentMap<String, EventProcessorInfo> processors = new ConcurrentHashMap<>();
    private volatile Instant lastHeartbeat;

    ClientConnection(ClientKey key, ClientIdentification identification, Instant connectedSince,
                     OutboundStream<PlatformOutboundInstruction> outbound) {
        this.key = key;
        this.identification = identification;
        this.connectedSince = connectedSince;
        this.outbound = outbound;
    }

    ClientKey key() {
        return key;
    }

    ClientIdentification identification() {
        return identification;
    }

    Instant connectedSince() {
        return connectedSince;
    }

    OutboundStream<PlatformOutboundInstruction> outbound() {
        return outbound;
    }

    void processorInfo(EventProcessorInfo info) {
        processors.put(info.getProcessorName(), info);
    }

    List<EventProcessorInfo> processors() {
        return processors.values().stream()
                .sorted(Comparator.comparing(EventProcessorInfo::getProcessorName))
                .toList();
    }

    void heartbeat(Instant at) {
        lastHeartbeat = at;
    }

    Instant lastHeartbeat() {
        return lastHeartbeat;
    }
}
