package org.orderplatform.order.web;

import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MessageHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderCommandsTest {

    private final CountDownLatch released = new CountDownLatch(1);
    private final AsynchronousCommandBus bus = AsynchronousCommandBus.builder().build();
    private final OrderCommands commands =
            new OrderCommands(DefaultCommandGateway.builder().commandBus(bus).build(), Duration.ofMillis(200));

    @AfterEach
    void releaseHandlers() {
        released.countDown();
        bus.shutdown();
    }

    @Test
    void aHandlerThatDoesNotAnswerInTimeMakesTheOrdersUnavailable() {
        handle(message -> {
            released.await();
            return "late";
        });

        assertThatThrownBy(() -> commands.sendAndWait("place"))
                .isInstanceOf(OrdersUnavailableException.class)
                .hasMessage("no answer from the order handlers within 200 ms");
    }

    @Test
    void answersWhatTheHandlerAnswersAndPassesOnItsRefusal() {
        handle(message -> {
            if (message.getPayload().equals("refused")) {
                throw new CommandExecutionException("order is final", null, "ORDER_FINAL");
            }
            return "CANCELLED";
        });

        assertThat(commands.<String>sendAndWait("cancel")).isEqualTo("CANCELLED");
        assertThatThrownBy(() -> commands.sendAndWait("refused"))
                .isInstanceOf(CommandExecutionException.class)
                .hasMessage("order is final");
    }

    @Test
    void aCommandThatReachesNoHandlerMakesTheOrdersUnavailable() {
        assertThatThrownBy(() -> commands.sendAndWait(42))
                .isInstanceOf(OrdersUnavailableException.class)
                .hasMessageStartingWith("the order handlers cannot be reached: No handler was subscribed");
    }

    private void handle(MessageHandler<CommandMessage<?>> handler) {
        ((CommandBus) bus).subscribe(String.class.getName(), handler);
    }
}
