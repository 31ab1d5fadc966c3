package org.orderplatform.order.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.orderplatform.api.order.InterveneInOrderCommand;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderIntervention;
import org.orderplatform.order.saga.OrderSaga;
import org.orderplatform.order.saga.SagaInspector;
import org.orderplatform.order.saga.SagaInspector.OpenSaga;
import org.orderplatform.support.security.Caller;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The open order sagas, for operators ({@code /admin/**}): which orders wait in which step, and for what; and the
 * actions on one of them, each a command on its order, so that the order's history records who did what.
 */
@RestController
class SagaInspectorController {

    private final SagaInspector inspector;
    private final OrderCommands commands;

    SagaInspectorController(SagaInspector inspector, OrderCommands commands) {
        this.inspector = inspector;
        this.commands = commands;
    }

    /** An operator's action, recorded on the order; its saga takes it from there. */
    record InterventionAnswer(String orderId, OrderIntervention intervention, String operator) {
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

    @GetMapping("/admin/sagas/{orderId}")
    OpenSaga saga(@PathVariable String orderId) {
        return openSaga(orderId);
    }

    /** Sends again what the order's current step waits for, as the step's next retry would. */
    @PostMapping("/admin/sagas/{orderId}/retry")
    ResponseEntity<InterventionAnswer> retry(@PathVariable String orderId) {
        return intervene(orderId, OrderIntervention.RETRY_STEP);
    }

    /** Fires the step's deadline now: the step takes its outcome as if its time were up. */
    @PostMapping("/admin/sagas/{orderId}/expire")
    ResponseEntity<InterventionAnswer> expire(@PathVariable String orderId) {
        return intervene(orderId, OrderIntervention.EXPIRE_STEP);
    }

    /** Cancels the order: its stock is released and a charge refunded. {@code 409} once the order is final. */
    @PostMapping("/admin/sagas/{orderId}/compensate")
    ResponseEntity<InterventionAnswer> compensate(@PathVariable String orderId) {
        return intervene(orderId, OrderIntervention.COMPENSATE);
    }

    private ResponseEntity<InterventionAnswer> intervene(String orderId, OrderIntervention intervention) {
        openSaga(orderId);
        String operator = Caller.current().subject();
        commands.sendAndWait(new InterveneInOrderCommand(new OrderId(orderId), intervention, operator));
        return ResponseEntity.accepted().body(new InterventionAnswer(orderId, intervention, operator));
    }

    private OpenSaga openSaga(String orderId) {
        return inspector.ofOrder(orderId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "order " + orderId + " has no open saga: it is final and settled, or unknown"));
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
