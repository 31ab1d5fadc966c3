package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CommandJournalTest {

    @Test
    void keepsOnlyTheMostRecentCommands() {
        CommandJournal journal = new CommandJournal(3);
        for (int i = 1; i <= 5; i++) {
            journal.record(entry(command("c" + i, ""), "success"));
        }

        assertThat(journal.size()).isEqualTo(3);
        assertThat(journal.find(entry -> true)).extracting(CommandJournal.Entry::messageId)
                .containsExactly("c3", "c4", "c5");
    }

    @Test
    void recordsWhoSentAndHandledACommandAndItsFlow() {
        CommandJournal journal = new CommandJournal(10);
        journal.record(entry(command("root", ""), ""));
        journal.record(entry(command("child", "root"), "AXONIQ-4002"));

        CommandJournal.Entry root = journal.find(entry -> entry.messageId().equals("root")).get(0);
        assertThat(root.name()).isEqualTo("PlaceOrder");
        assertThat(root.routingKey()).isEqualTo("order-1");
        assertThat(root.dispatcherComponent()).isEqualTo("web");
        assertThat(root.dispatcherClientId()).isEqualTo("web-1");
        assertThat(root.handlerComponent()).isEqualTo("orders");
        assertThat(root.trace()).isEqualTo("root");
        assertThat(root.succeeded()).isTrue();
        CommandJournal.Entry child = journal.find(entry -> entry.messageId().equals("child")).get(0);
        assertThat(child.correlationId()).isEqualTo("root");
        assertThat(child.trace()).isEqualTo("root");
        assertThat(child.succeeded()).isFalse();
        assertThat(child.errorCode()).isEqualTo("AXONIQ-4002");
    }

    private static Command command(String id, String parent) {
        Command.Builder command = Command.newBuilder()
                .setMessageIdentifier(id)
                .setName("PlaceOrder")
                .setClientId("web-1")
                .setComponentName("web");
        if (!parent.isEmpty()) {
            command.putMetaData("correlationId", MetaDataValue.newBuilder().setTextValue(parent).build());
            command.putMetaData("traceId", MetaDataValue.newBuilder().setTextValue(parent).build());
        }
        return command.build();
    }

    private static CommandJournal.Entry entry(Command command, String errorCode) {
        CommandResponse.Builder response = CommandResponse.newBuilder();
        if (!errorCode.isEmpty() && !errorCode.equals("success")) {
            response.setErrorCode(errorCode);
        }
        return CommandJournal.entry("default", command, "order-1", Instant.now(), 1_000_000, "orders-1", "orders",
                response.build());
    }
}
