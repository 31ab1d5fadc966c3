package org.orderplatform.axonserver.trends;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The services' figures as the charts read them, from scrapes in the shape the services' endpoints answer. */
class SuiteFiguresTest {

    private static final String ACCEPTED = "application=\"gateway\",error=\"none\",exception=\"none\",method=\"POST\","
            + "outcome=\"SUCCESS\",status=\"201\",uri=\"/orders\"";

    private static String scrape(int accepted, double acceptedSeconds, int confirmed, int cancelled, String breaker) {
        return """
                # HELP http_server_requests_seconds
                # TYPE http_server_requests_seconds histogram
                http_server_requests_seconds_bucket{%1$s,le="0.05"} %2$d
                http_server_requests_seconds_count{%1$s} %2$d
                http_server_requests_seconds_sum{%1$s} %3$s
                http_server_requests_seconds_count{application="gateway",error="none",exception="none",method="POST",outcome="SERVER_ERROR",status="503",uri="/orders"} 99
                http_server_requests_seconds_sum{application="gateway",error="none",exception="none",method="POST",outcome="SERVER_ERROR",status="503",uri="/orders"} 500.0
                orders_outcomes_total{application="order-command",outcome="confirmed",reason="none"} %4$d.0
                orders_outcomes_total{application="order-command",outcome="cancelled",reason="PAYMENT_TIMEOUT"} %5$d.0
                orders_sagas_open{application="order-command"} 12.0
                orders_sagas_oldest_age_seconds{application="order-command"} 3.5
                orders_pending{application="order-query"} 7.0
                kafka_consumer_fetch_manager_records_lag{application="notification",partition="0",topic="orders_order-events"} 4.0
                kafka_consumer_fetch_manager_records_lag{application="notification",partition="1",topic="orders_order-events"} 6.0
                notification_dead_letters{application="notification"} NaN
                resilience4j_circuitbreaker_state{application="order-command",name="catalog",state="closed"} %6$s
                resilience4j_circuitbreaker_state{application="order-command",name="catalog",state="open"} %7$s
                resilience4j_circuitbreaker_state{application="payment",name="provider",state="half_open"} 0.0
                tomcat_sessions{path="a \\"quoted\\", odd}"} 1.0
                """.formatted(ACCEPTED, accepted, acceptedSeconds, confirmed, cancelled,
                breaker.equals("open") ? "0.0" : "1.0", breaker.equals("open") ? "1.0" : "0.0");
    }

    @Test
    void countsOverTheIntervalAndTakesGaugesAsTheyAre() {
        PrometheusText before = PrometheusText.parse(scrape(100, 10.0, 50, 2, "closed"));
        PrometheusText now = PrometheusText.parse(scrape(200, 25.0, 140, 12, "open"));

        SuiteFigures figures = SuiteFigures.between(before, now, 5.0);

        assertThat(figures.ordersEndedPerSecond()).containsOnly(Map.entry("confirmed", 18.0), Map.entry("cancelled", 2.0));
        // 100 more orders answered 201, in 15 s more: 150 ms each; the 503s are someone else's.
        assertThat(figures.acceptedMillis()).isCloseTo(150.0, within(1e-9));
        assertThat(figures.openSagas()).isEqualTo(12.0);
        assertThat(figures.oldestSagaSeconds()).isEqualTo(3.5);
        assertThat(figures.pendingOrders()).isEqualTo(7.0);
        assertThat(figures.kafkaLag()).isEqualTo(10.0);
        assertThat(figures.deadLetters()).as("a gauge without a value tells nothing").isNull();
        assertThat(figures.breakersNotClosed()).isEqualTo(1.0);
        assertThat(figures.emailDelayMillis()).as("no email was sent").isNull();
    }

    @Test
    void twoInstancesAddTheirCountsButReadTheirServicesDatabaseOnce() {
        PrometheusText before = PrometheusText.join(List.of(PrometheusText.parse(scrape(100, 10.0, 50, 2, "closed")),
                PrometheusText.parse(scrape(100, 10.0, 50, 2, "closed"))));
        PrometheusText now = PrometheusText.join(List.of(PrometheusText.parse(scrape(200, 25.0, 140, 12, "closed")),
                PrometheusText.parse(scrape(200, 25.0, 140, 12, "open"))));

        SuiteFigures figures = SuiteFigures.between(before, now, 5.0);

        assertThat(figures.ordersEndedPerSecond()).containsOnly(Map.entry("confirmed", 36.0), Map.entry("cancelled", 4.0));
        assertThat(figures.openSagas()).isEqualTo(12.0);
        assertThat(figures.oldestSagaSeconds()).isEqualTo(3.5);
        assertThat(figures.pendingOrders()).isEqualTo(7.0);
        assertThat(figures.kafkaLag()).as("each instance's own partitions").isEqualTo(20.0);
        assertThat(figures.breakersNotClosed()).as("each instance's own breaker").isEqualTo(1.0);
    }

    @Test
    void aFirstScrapeOrAServiceRestartedInBetweenLeavesTheCountsOut() {
        PrometheusText restarted = PrometheusText.parse(scrape(3, 0.3, 1, 0, "closed"));
        PrometheusText before = PrometheusText.parse(scrape(200, 25.0, 140, 12, "closed"));

        assertThat(SuiteFigures.between(null, restarted, 5.0).ordersEndedPerSecond()).isEmpty();
        assertThat(SuiteFigures.between(null, restarted, 5.0).acceptedMillis()).isNull();
        assertThat(SuiteFigures.between(before, restarted, 5.0).ordersEndedPerSecond()).isEmpty();
        assertThat(SuiteFigures.between(before, restarted, 5.0).acceptedMillis()).isNull();
        assertThat(SuiteFigures.between(before, null, 5.0).openSagas()).isNull();
    }

    @Test
    void readsLabelValuesWithEscapesAndRefusesWhatIsNotASample() {
        PrometheusText text = PrometheusText.parse(scrape(1, 0.1, 1, 1, "closed"));

        assertThat(text.sum("tomcat_sessions", labels -> labels.get("path").equals("a \"quoted\", odd}"))).isEqualTo(1.0);
        assertThatThrownBy(() -> PrometheusText.parse("broken{label=\"x\" 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken{label=");
        assertThatThrownBy(() -> PrometheusText.parse("no_value"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_value");
    }
}
