package org.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of the scale-out run that need no suite: its instances, its scenarios and its segment check. */
class ScaleOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheInstancesOfEachServiceFromWhatTheSuiteStarted() {
        Map<String, List<SuiteControl.Instance>> instances = SuiteControl.instances(List.of(
                "axonserver|axonserver|http://localhost:8024/actuator/health",
                "order-query|order-query|http://localhost:8082/actuator/health",
                "order-query-2|order-query|http://localhost:8182/actuator/health"));

        assertThat(instances.get("order-query")).containsExactly(
                new SuiteControl.Instance("order-query", "http://localhost:8082"),
                new SuiteControl.Instance("order-query-2", "http://localhost:8182"));
        assertThat(instances.get("axonserver")).hasSize(1);
        assertThatThrownBy(() -> SuiteControl.instances(List.of("order-query http://localhost:8082")))
                .hasMessageContaining("name|module|health URL");
    }

    @Test
    void scaleOutKillsOneInstanceOfEachServiceThroughTheGateway() {
        List<Scenario> scaleOut = Scenario.named("scale-out").orElseThrow();

        assertThat(scaleOut).extracting(Scenario::scaledService)
                .containsExactly("catalog", "payment", "order-command", "order-query", "notification");
        assertThat(scaleOut).allSatisfy(scenario -> assertThat(scenario.entry()).isEqualTo(BenchSettings.Entry.GATEWAY));
        assertThat(Scenario.named("payment-instance-kill").orElseThrow()).singleElement()
                .extracting(Scenario::scaledService).isEqualTo("payment");
        assertThat(Scenario.ALL).allSatisfy(scenario -> assertThat(scenario.scaledService()).isNull());
        assertThat(Scenario.names()).contains("payment-kill", "payment-instance-kill", "scale-out");
    }

    @Test
    void segmentsAreSpreadWhenNoInstanceThatCouldHoldOneHoldsNone() throws Exception {
        JsonNode processors = JSON.readTree("""
                [{"application":"order-command","name":"OrderSagaProcessor","streaming":true,"instances":[
                   {"clientId":"1@host","status":{"running":true,"segments":[{"segment":0},{"segment":1}]}},
                   {"clientId":"2@host","status":{"running":true,"segments":[]}}]},
                 {"application":"order-query","name":"orders","streaming":true,"instances":[
                   {"clientId":"3@host","status":{"running":true,"segments":[{"segment":0}]}},
                   {"clientId":"4@host","status":{"running":true,"segments":[{"segment":1}]}}]},
                 {"application":"catalog","name":"one-segment","streaming":true,"instances":[
                   {"clientId":"5@host","status":{"running":true,"segments":[{"segment":0}]}},
                   {"clientId":"6@host","status":{"running":true,"segments":[]}}]},
                 {"application":"payment","name":"alone","streaming":true,"instances":[
                   {"clientId":"7@host","status":{"running":true,"segments":[{"segment":0},{"segment":1}]}}]}]
                """);

        assertThat(ScaleOutChecks.unevenSegments(processors)).containsExactly("order-command OrderSagaProcessor 2+0");
        assertThat(ScaleOutChecks.spread(processors))
                .isEqualTo("order-command OrderSagaProcessor 2+0; order-query orders 1+1; catalog one-segment 1+0");
    }

    @Test
    void aFurtherInstanceCountsAsItsService() {
        assertThat(SuiteSampler.isInstanceOf("order-command-2", "order-command")).isTrue();
        assertThat(SuiteSampler.isInstanceOf("order-command", "order-command")).isTrue();
        assertThat(SuiteSampler.isInstanceOf("order-command-x", "order-command")).isFalse();
        assertThat(SuiteSampler.isInstanceOf("order-command-", "order-command")).isFalse();
        assertThat(SuiteSampler.isInstanceOf("order-query", "order")).isFalse();
    }
}
