package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.RoutingKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.platform.ClientKey;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.support.AxonApp;
import org.orderplatform.axonserver.support.AppsPerTest;
import org.orderplatform.axonserver.support.Connectors;
import org.orderplatform.axonserver.support.RawClient;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CommandRoutingIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final ServerPerClass SERVER =
            new ServerPerClass(Map.of("axonserver.command-timeout", COMMAND_TIMEOUT.toMillis() + "ms"));
    @RegisterExtension
    static final AppsPerTest APPS = new AppsPerTest(SERVER);

    @Test
    void routesCommandToHandlerAndReturnsItsResult() {
        APPS.start("greeter", "greeter-1", new Greeter("greeter-1"));
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers("Greet", 1);

        String result = sender.commandGateway().sendAndWait(new Greet("ada", "hello"));

        assertThat(result).isEqualTo("hello, ada from greeter-1");
        assertThat(APPS.bean(ClientRegistry.class).application(new ClientKey("default", "greeter-1")).orElseThrow().commands())
                .contains(Greet.class.getName());
        assertThat(APPS.bean(CommandRouter.class).statistics()).filteredOn(s -> s.name().equals(Greet.class.getName()))
                .singleElement().satisfies(stats -> assertThat(stats.count()).isPositive());
        assertThat(APPS.bean(MeterRegistry.class).get("axonserver.commands.routed").tag("result", "success").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(APPS.bean(MeterRegistry.class).get("axonserver.command.latency").timer().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void passesHandlerExceptionMessageToDispatcher() {
        APPS.start("greeter", "greeter-1", new Greeter("greeter-1"));
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers("Greet", 1);

        assertThatThrownBy(() -> sender.commandGateway().sendAndWait(new Greet("mallory", "hello")))
                .isInstanceOf(CommandExecutionException.class)
                .hasMessageContaining("Greeting mallory is not allowed");
        assertThat(APPS.bean(MeterRegistry.class).get("axonserver.commands.routed").tag("result", "error").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void failsFastWhenNobodyHandlesTheCommand() {
        AxonApp sender = APPS.start("web", "web-1");
        long started = System.nanoTime();

        CompletableFuture<Object> result = sender.commandGateway().send(new Unhandled("x"));

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(NoHandlerForCommandException.class)
                .hasMessageContaining("No Handler for command: " + Unhandled.class.getName());
        // Far below the 5 seconds a waiting dispatch would take, with room for a busy build machine.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void keepsEachRoutingKeyOnOneInstanceAndFailsOverWhenItLeaves() throws Exception {
        AxonApp first = APPS.start("greeter", "greeter-1", new Greeter("greeter-1"));
        APPS.start("greeter", "greeter-2", new Greeter("greeter-2"));
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers("Greet", 2);

        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            owners.put("customer-" + i, handlerOf(sender, "customer-" + i));
        }
        for (int i = 0; i < 40; i++) {
            assertThat(handlerOf(sender, "customer-" + i)).isEqualTo(owners.get("customer-" + i));
        }
        assertThat(owners.values()).contains("greeter-1", "greeter-2");

        APPS.close(first);
        awaitHandlers("Greet", 1);

        for (Map.Entry<String, String> owner : owners.entrySet()) {
            assertThat(handlerOf(sender, owner.getKey())).isEqualTo("greeter-2");
        }
    }

    @Test
    void failsCommandsInFlightWhenTheirHandlerDisconnects() throws Exception {
        RawClient handler = staller(10);
        AxonServerConnection dispatcher = dispatcher();

        CompletableFuture<CommandResponse> response = dispatcher.commandChannel().sendCommand(stall());
        assertThat(handler.commands().poll(5, TimeUnit.SECONDS)).isNotNull();
        APPS.close(handler);

        CommandResponse failure = response.get(5, TimeUnit.SECONDS);
        assertThat(failure.getErrorCode()).isEqualTo("AXONIQ-4003");
        assertThat(failure.getErrorMessage().getMessage()).contains("staller-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> handlersOf("Stall") == 0);
    }

    @Test
    void answersACommandItsHandlerSitsOnWithATimeoutAndDropsTheLateAnswer() throws Exception {
        RawClient handler = staller(10);
        AxonServerConnection dispatcher = dispatcher();
        long sent = System.nanoTime();

        CompletableFuture<CommandResponse> response = dispatcher.commandChannel().sendCommand(stall());
        Command received = handler.commands().poll(5, TimeUnit.SECONDS);
        CommandResponse timeout = response.get(COMMAND_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);

        assertThat(timeout.getErrorCode()).isEqualTo("AXONIQ-4002");
        assertThat(timeout.getErrorMessage().getMessage()).isEqualTo("Cancelled by AxonServer due to timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(COMMAND_TIMEOUT);
        handler.answer(received);
        // The same connection answers the next command; by then the late answer above has been read and dropped.
        CompletableFuture<CommandResponse> next = dispatcher.commandChannel().sendCommand(stall());
        handler.answer(handler.commands().poll(5, TimeUnit.SECONDS));
        assertThat(next.get(5, TimeUnit.SECONDS).getErrorCode()).isEmpty();
        String id = received.getMessageIdentifier();
        assertThat(APPS.bean(CommandRouter.class).journal().find(entry -> entry.messageId().equals(id)))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.errorCode()).isEqualTo("AXONIQ-4002");
                    assertThat(entry.handlerClientId()).isEqualTo("staller-1");
                });
        assertThat(APPS.bean(MeterRegistry.class).get("axonserver.commands.routed").tag("result", "timeout")
                .counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void neverDeliversACommandThatTimedOutWaitingForAPermit() throws Exception {
        RawClient handler = staller(0);
        AxonServerConnection dispatcher = dispatcher();

        CommandResponse timeout = dispatcher.commandChannel().sendCommand(stall())
                .get(COMMAND_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        Command later = stall();
        CompletableFuture<CommandResponse> response = dispatcher.commandChannel().sendCommand(later);
        handler.grantCommands(10);

        assertThat(timeout.getErrorCode()).isEqualTo("AXONIQ-4002");
        Command received = handler.commands().poll(5, TimeUnit.SECONDS);
        assertThat(received.getMessageIdentifier()).isEqualTo(later.getMessageIdentifier());
        handler.answer(received);
        assertThat(response.get(5, TimeUnit.SECONDS).getErrorCode()).isEmpty();
        assertThat(handler.commands()).isEmpty();
    }

    /** A handler of {@code Stall} that takes commands, granting {@code permits}, and answers only when told. */
    private RawClient staller(long permits) {
        RawClient handler = APPS.add(new RawClient(SERVER.get().grpcPort(), "staller", "staller-1"))
                .handleCommand("Stall", permits);
        awaitHandlers("Stall", 1);
        return handler;
    }

    private AxonServerConnection dispatcher() {
        return APPS.add(new Connectors(SERVER.get().grpcPort())).connect("web", "web-2");
    }

    private static Command stall() {
        return RawClient.command("Stall");
    }

    private String handlerOf(AxonApp sender, String customer) {
        return sender.commandGateway().sendAndWait(new Greet(customer, "hi"))
                .toString().replaceFirst(".* from ", "");
    }

    private void awaitHandlers(String command, int instances) {
        await().atMost(Duration.ofSeconds(10)).until(() -> handlersOf(command) == instances);
    }

    private int handlersOf(String command) {
        return APPS.bean(CommandRouter.class).handlers().stream()
                .filter(h -> h.command().equals(command) || h.command().endsWith("$" + command))
                .mapToInt(h -> h.handlers().size())
                .sum();
    }

    record Greet(@RoutingKey String name, String greeting) {
    }

    record Unhandled(@RoutingKey String id) {
    }

    static final class Greeter {

        private final String clientId;

        Greeter(String clientId) {
            this.clientId = clientId;
        }

        @CommandHandler
        public String handle(Greet command) {
            if (command.name().equals("mallory")) {
                throw new IllegalStateException("Greeting mallory is not allowed");
            }
            return command.greeting() + ", " + command.name() + " from " + clientId;
        }
    }
}
