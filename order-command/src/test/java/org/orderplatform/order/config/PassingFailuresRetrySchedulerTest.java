package org.orderplatform.order.config;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.ReserveStockCommand;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.order.CancelOrderCommand;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.OrderId;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PassingFailuresRetrySchedulerTest {

    private static final OrderId ORDER = new OrderId("order-1");
    private static final CommandMessage<?> CANCEL =
            GenericCommandMessage.asCommandMessage(new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_TIMEOUT));
    private static final CommandMessage<?> RESERVE = GenericCommandMessage.asCommandMessage(
            new ReserveStockCommand(ORDER, List.of(new StockLine(new ProductId("mug"), 1))));

    private final List<CommandMessage<?>> scheduled = new ArrayList<>();
    private final RetryScheduler everything = (command, failure, failures, task) -> scheduled.add(command);
    private final PassingFailuresRetryScheduler scheduler = new PassingFailuresRetryScheduler(everything);

    private boolean retries(CommandMessage<?> command, RuntimeException failure) {
        return scheduler.scheduleRetry(command, failure, List.of(), () -> { });
    }

    @Test
    void retriesACommandThatReachedNoHandler() {
        assertThat(retries(CANCEL, new NoHandlerForCommandException("No Handler for command"))).isTrue();
        assertThat(scheduled).containsExactly(CANCEL);
    }

    @Test
    void retriesAConcurrentChangeOfTheSameAggregate() {
        assertThat(retries(CANCEL, new ConcurrencyException("sequence taken"))).isTrue();
    }

    @Test
    void takesAHandlersRefusalAsTheAnswer() {
        assertThat(retries(CANCEL, new CommandExecutionException("order is CONFIRMED", null, "ORDER_FINAL"))).isFalse();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void retriesStockCommandsWhateverTheFailure() {
        assertThat(retries(RESERVE, new CommandExecutionException("database unavailable", null))).isTrue();
    }
}
