package org.orderplatform.order.config;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.orderplatform.api.catalog.ReleaseStockCommand;
import org.orderplatform.api.catalog.ReserveStockCommand;

import java.util.List;
import java.util.Set;

/**
 * Retries the saga's commands only when retrying can help: the command did not reach a handler (none connected, a
 * lost connection, a handler that went away mid-command), or it met a concurrent change of the same aggregate. A
 * handler's refusal is an answer and is not retried; stock commands are the exception, because catalog refuses
 * nothing with an error (a shortage is an event), so an error there is its infrastructure failing, and they are
 * idempotent per order.
 */
class PassingFailuresRetryScheduler implements RetryScheduler {

    private static final Set<String> RETRIED_WHATEVER_THE_FAILURE =
            Set.of(ReserveStockCommand.class.getName(), ReleaseStockCommand.class.getName());

    private final RetryScheduler retries;

    PassingFailuresRetryScheduler(RetryScheduler retries) {
        this.retries = retries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        boolean worthRetrying = !(lastFailure instanceof CommandExecutionException)
                || lastFailure instanceof ConcurrencyException
                || RETRIED_WHATEVER_THE_FAILURE.contains(commandMessage.getCommandName());
        return worthRetrying && retries.scheduleRetry(commandMessage, lastFailure, failures, dispatchTask);
    }
}
