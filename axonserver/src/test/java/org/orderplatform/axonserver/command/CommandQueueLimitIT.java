package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.platform.ClientKey;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.support.AppsPerTest;
import org.orderplatform.axonserver.support.Connectors;
import org.orderplatform.axonserver.support.RawClient;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CommandQueueLimitIT {

    private static final int CAPACITY = 50;
    private static final int BEYOND_EVERY_QUEUE = 20;

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(Map.of(
            "axonserver.queue-capacity.commands", String.valueOf(CAPACITY),
            // The handlers below never answer the server's heartbeats, yet must stay connected.
            "axonserver.client-heartbeat-timeout", "0"));
    @RegisterExtension
    static final AppsPerTest APPS = new AppsPerTest(SERVER);

    @Test
    void sendsCommandsBeyondTheOwnersQueueToAnotherInstanceRefusesTheRestAtOnceAndLosesNone() throws Exception {
        RawClient first = stalledHandler("stall-1");
        RawClient second = stalledHandler("stall-2");
        AxonServerConnection dispatcher = APPS.add(new Connectors(SERVER.get().grpcPort())).connect("web", "web-1");
        long started = System.nanoTime();

        Map<String, CompletableFuture<CommandResponse>> responses = new LinkedHashMap<>();
        int mostWaitingForOne = 0;
        double mostWaiting = 0;
        for (int i = 0; i < 2 * CAPACITY + BEYOND_EVERY_QUEUE; i++) {
            // One aggregate: every command goes to its owner first.
            Command command = RawClient.command("Stall", "order-1");
            responses.put(command.getMessageIdentifier(), dispatcher.commandChannel().sendCommand(command));
            mostWaitingForOne = Math.max(mostWaitingForOne, Math.max(waitingFor("stall-1"), waitingFor("stall-2")));
            mostWaiting = Math.max(mostWaiting, waitingCommands());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> answered(responses).size() == BEYOND_EVERY_QUEUE);

        // Far below the five minutes of the command timeout: they were refused, not timed out.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(answered(responses)).allSatisfy(refusal -> {
            assertThat(refusal.getErrorCode()).isEqualTo("AXONIQ-4003");
            assertThat(refusal.getErrorMessage().getMessage())
                    .startsWith("Too many commands waiting for the permits of ")
                    .contains("stall-1", "stall-2");
        });
        assertThat(mostWaitingForOne).isLessThanOrEqualTo(CAPACITY);
        assertThat(mostWaiting).isLessThanOrEqualTo(2 * CAPACITY);
        assertThat(waitingFor("stall-1")).isEqualTo(CAPACITY);
        assertThat(waitingFor("stall-2")).isEqualTo(CAPACITY);

        first.grantCommands(2 * CAPACITY);
        second.grantCommands(2 * CAPACITY);
        List<Command> toFirst = take(first, CAPACITY);
        List<Command> toSecond = take(second, CAPACITY);
        Set<String> waited = responses.entrySet().stream().filter(entry -> !entry.getValue().isDone())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(Stream.concat(toFirst.stream(), toSecond.stream()).map(Command::getMessageIdentifier))
                .containsExactlyInAnyOrderElementsOf(waited);
        toFirst.forEach(first::answer);
        toSecond.forEach(second::answer);
        for (String id : waited) {
            assertThat(responses.get(id).get(5, TimeUnit.SECONDS).getErrorCode()).as(id).isEmpty();
        }
        assertThat(waitingCommands()).isZero();

        CompletableFuture<CommandResponse> later = dispatcher.commandChannel()
                .sendCommand(RawClient.command("Stall", "order-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !first.commands().isEmpty() || !second.commands().isEmpty());
        RawClient owner = first.commands().isEmpty() ? second : first;
        owner.answer(owner.commands().poll());
        assertThat(later.get(5, TimeUnit.SECONDS).getErrorCode()).isEmpty();
    }

    /** A registered handler of {@code Stall} that grants no permits. */
    private RawClient stalledHandler(String clientId) {
        RawClient handler = APPS.add(new RawClient(SERVER.get().grpcPort(), "staller", clientId))
                .registerAndBeatOnce()
                .handleCommand("Stall", 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> APPS.bean(ClientRegistry.class)
                .application(new ClientKey("default", clientId))
                .filter(app -> app.commands().contains("Stall"))
                .isPresent());
        return handler;
    }

    private static List<Command> take(RawClient handler, int count) throws InterruptedException {
        List<Command> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Command command = handler.commands().poll(5, TimeUnit.SECONDS);
            assertThat(command).as("command %d of %d", i + 1, count).isNotNull();
            taken.add(command);
        }
        assertThat(handler.commands().poll(200, TimeUnit.MILLISECONDS)).isNull();
        return taken;
    }

    private static List<CommandResponse> answered(Map<String, CompletableFuture<CommandResponse>> responses) {
        return responses.values().stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
    }

    private int waitingFor(String clientId) {
        return APPS.bean(ClientRegistry.class).application(new ClientKey("default", clientId)).orElseThrow()
                .waitingForPermits();
    }

    private double waitingCommands() {
        return APPS.bean(MeterRegistry.class).get("axonserver.messages.waiting").tag("kind", "commands").gauge()
                .value();
    }
}
