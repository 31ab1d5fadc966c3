package org.orderplatform.support.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * Records a share of new traces that can be changed while the service runs: an operator raises it to see every
 * request during an incident and lowers it again, without a restart that would cost the warm JIT and the open
 * connections. A request that arrives with a {@code traceparent} follows its caller's decision, as with Spring Boot's
 * own sampler, so one trace is recorded in every service or in none.
 */
public class AdjustableSampler implements Sampler {

    private volatile double probability;
    private volatile Sampler sampler;

    public AdjustableSampler(double probability) {
        setProbability(probability);
    }

    public double probability() {
        return probability;
    }

    /** @throws IllegalArgumentException unless {@code probability} is from 0 to 1 */
    public synchronized void setProbability(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("the sampling probability is from 0 to 1, was " + probability);
        }
        this.sampler = Sampler.parentBased(Sampler.traceIdRatioBased(probability));
        this.probability = probability;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        return sampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "AdjustableSampler{" + sampler.getDescription() + "}";
    }
}
