package org.orderplatform.order.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.orderplatform.order.config.AxonConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the API's commands and waits for each answer no longer than the command timeout, so that a frozen handler
 * or a lost connection costs a request a bounded wait, never a request thread for good.
 */
@Component
class OrderCommands {

    private final CommandGateway commands;
    private final Duration timeout;

    OrderCommands(@Qualifier(AxonConfiguration.HTTP_COMMAND_GATEWAY) CommandGateway commands,
                  @Value("${orders.api.command-timeout}") Duration timeout) {
        this.commands = commands;
        this.timeout = timeout;
    }

    <R> R sendAndWait(Object command) {
        CompletableFuture<R> answer = commands.send(command);
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new OrdersUnavailableException("no answer from the order handlers within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            // Through Axon Server, whatever the handler answered arrives as a CommandExecutionException; any other
            // failure happened on the way: no handler, no connection, the server restarting.
            if (e.getCause() instanceof CommandExecutionException handlerAnswer) {
                throw handlerAnswer;
            }
            throw new OrdersUnavailableException("the order handlers cannot be reached: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrdersUnavailableException("interrupted while waiting for the order handlers");
        }
    }
}
