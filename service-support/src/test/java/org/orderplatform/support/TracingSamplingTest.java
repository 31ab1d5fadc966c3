package org.orderplatform.support;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.signin.EmbeddedSignin;
import org.orderplatform.support.tracing.AdjustableSampler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The share of traces a service records, changed at {@code /actuator/tracing} while it runs, by operators only. */
@SpringBootTest(classes = SupportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,tracing",
                "management.tracing.sampling.probability=0.5",
                // Spans stay in the process: no trace backend runs here.
                "management.zipkin.tracing.export.enabled=false"})
@AutoConfigureObservability
class TracingSamplingTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @LocalServerPort
    int port;
    @Autowired
    AdjustableSampler sampler;
    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        InetSocketAddress address = MONGO.bind();
        registry.add("spring.data.mongodb.uri", () -> "mongodb://127.0.0.1:" + address.getPort() + "/support");
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", SIGNIN::jwkSetUri);
    }

    @AfterAll
    static void stop() {
        SIGNIN.close();
    }

    @Test
    void startsAtTheConfiguredShareAndAnOperatorChangesItWhileTheServiceRuns() {
        String operator = SIGNIN.token("olivia");
        sampler.setProbability(0.5);
        assertThat(call(HttpMethod.GET, null, operator)).isEqualTo(new Answer(200, "{\"probability\":0.5}"));

        assertThat(call(HttpMethod.POST, "{\"probability\":0}", operator))
                .isEqualTo(new Answer(200, "{\"probability\":0.0}"));
        assertThat(rootDecision()).isEqualTo(SamplingDecision.DROP);
        // A caller's sampled traceparent is followed whatever the share.
        assertThat(childOfSampledParentDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);

        assertThat(call(HttpMethod.POST, "{\"probability\":1}", operator).status()).isEqualTo(200);
        assertThat(rootDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(sampler.probability()).isEqualTo(1.0);
    }

    @Test
    void refusesAShareOutsideZeroToOneAndKeepsTheCurrentOne() {
        double before = sampler.probability();

        Answer refused = call(HttpMethod.POST, "{\"probability\":1.5}", SIGNIN.token("olivia"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("the sampling probability is from 0 to 1, was 1.5");
        assertThat(sampler.probability()).isEqualTo(before);
    }

    @Test
    void theServiceTakesTheTracingDefaultsBehindItsOwnSettings() {
        assertThat(environment.getProperty("management.zipkin.tracing.read-timeout")).isEqualTo("20s");
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.5");
    }

    @Test
    void isForOperatorsOnly() {
        double before = sampler.probability();

        assertThat(call(HttpMethod.GET, null, null).status()).isEqualTo(401);
        assertThat(call(HttpMethod.POST, "{\"probability\":0.25}", SIGNIN.token("alice")).status()).isEqualTo(403);
        assertThat(sampler.probability()).isEqualTo(before);
    }

    private SamplingDecision rootDecision() {
        return sampler.shouldSample(Context.root(), TRACE_ID, "order", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision();
    }

    private SamplingDecision childOfSampledParentDecision() {
        SpanContext parent = SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(),
                TraceState.getDefault());
        return sampler.shouldSample(Context.root().with(Span.wrap(parent)), TRACE_ID, "order", SpanKind.SERVER,
                Attributes.empty(), List.of()).getDecision();
    }

    private Answer call(HttpMethod method, String body, String token) {
        RestClient.RequestBodySpec request = RestClient.create("http://localhost:" + port).method(method)
                .uri("/actuator/tracing");
        if (token != null) {
            request.headers(headers -> headers.setBearerAuth(token));
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((sent, response) -> new Answer(response.getStatusCode().value(),
                new String(response.getBody().readAllBytes())));
    }

    record Answer(int status, String body) {
    }
}
