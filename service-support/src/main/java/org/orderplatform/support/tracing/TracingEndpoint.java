package org.orderplatform.support.tracing;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/tracing}: the share of new traces this service records; {@code POST {"probability": 0.1}} changes
 * it until the next start (operators only, as every actuator endpoint but the probes).
 */
@Endpoint(id = "tracing")
public class TracingEndpoint {

    private final AdjustableSampler sampler;

    public TracingEndpoint(AdjustableSampler sampler) {
        this.sampler = sampler;
    }

    /** @param probability the share of new traces recorded, from 0 to 1 */
    public record Sampling(double probability) {
    }

    @ReadOperation
    public Sampling sampling() {
        return new Sampling(sampler.probability());
    }

    @WriteOperation
    public Sampling setSampling(double probability) {
        try {
            sampler.setProbability(probability);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        }
        return sampling();
    }
}
