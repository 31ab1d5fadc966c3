package org.orderplatform.order.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.orderplatform.order.saga.OrderSaga;
import org.orderplatform.order.saga.SagaInspector;
import org.orderplatform.order.saga.SagaInspector.OpenSaga;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The open order sagas, for operators ({@code /admin/**}): which orders wait in which step, and for what. */
@RestController
class SagaInspectorController {

    private final SagaInspector inspector;

    SagaInspectorController(SagaInspector inspector) {
        this.inspector = inspector;
    }

    /**
     * @param olderThan only sagas started longer ago: {@code PT5M}, {@code 5m} or seconds ({@code 300})
     */
    @GetMapping("/admin/sagas")
    List<OpenSaga> sagas(@RequestParam(required = false) OrderSaga.Step step,
                         @RequestParam(required = false) String olderThan,
                         @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return inspector.open(step, olderThan == null || olderThan.isBlank() ? null : age(olderThan), limit);
    }

    private static Duration age(String olderThan) {
        Duration age;
        try {
            age = DurationStyle.detectAndParse(olderThan, ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("olderThan must be a duration such as PT5M, 5m or 300, was '"
                    + olderThan + "'");
        }
        if (age.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative, was '" + olderThan + "'");
        }
        return age;
    }
}
