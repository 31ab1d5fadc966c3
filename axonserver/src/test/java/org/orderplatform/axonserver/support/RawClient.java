package org.orderplatform.axonserver.support;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.FlowControl;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.ProcessingInstruction;
import io.axoniq.axonserver.grpc.ProcessingKey;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandProviderInbound;
import io.axoniq.axonserver.grpc.command.CommandProviderOutbound;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.axoniq.axonserver.grpc.command.CommandServiceGrpc;
import io.axoniq.axonserver.grpc.command.CommandSubscription;
import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.Heartbeat;
import io.axoniq.axonserver.grpc.control.PlatformInboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformOutboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformServiceGrpc;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.axoniq.axonserver.grpc.event.GetLastTokenRequest;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryProviderOutbound;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.axoniq.axonserver.grpc.query.QueryServiceGrpc;
import io.axoniq.axonserver.grpc.query.QuerySubscription;
import io.axoniq.axonserver.grpc.query.QueryUpdate;
import io.axoniq.axonserver.grpc.query.SubscriptionQuery;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryRequest;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.access.AccessControl;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client instance speaking the protocol by hand, for handlers that misbehave as no stock client can be made to: it
 * takes commands and queries and answers only when told, grants permits only when told, and it never answers the
 * server's heartbeats, like a frozen process whose connection stays open. As a subscriber it reads subscription query
 * updates only as far as it grants permits. It records what the server sent and which of its streams the server ended.
 */
public final class RawClient implements AutoCloseable {

    private final String componentName;
    private final String clientId;
    private final ManagedChannel channel;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final BlockingQueue<QueryRequest> queries = new LinkedBlockingQueue<>();
    private final BlockingQueue<SubscriptionQueryRequest> subscriptionRequests = new LinkedBlockingQueue<>();
    private final BlockingQueue<QueryUpdate> updates = new LinkedBlockingQueue<>();
    private final List<Throwable> streamErrors = new CopyOnWriteArrayList<>();
    private StreamObserver<CommandProviderOutbound> commandStream;
    private StreamObserver<QueryProviderOutbound> queryStream;

    public RawClient(int grpcPort, String componentName, String clientId) {
        this(grpcPort, componentName, clientId, null);
    }

    /** A client presenting {@code accessToken} on every call, as a server with an access token requires. */
    public RawClient(int grpcPort, String componentName, String clientId, String accessToken) {
        this.componentName = componentName;
        this.clientId = clientId;
        ManagedChannelBuilder<?> channel = ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext();
        if (accessToken != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of(AccessControl.TOKEN_HEADER, Metadata.ASCII_STRING_MARSHALLER), accessToken);
            channel.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.channel = channel.build();
    }

    /** A command as a dispatcher sends it, with a message id of its own. */
    public static Command command(String name) {
        return Command.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setName(name)
                .setPayload(SerializedObject.newBuilder().setType("java.lang.String"))
                .build();
    }

    /** A command for the aggregate {@code routingKey}, which the server routes by it. */
    public static Command command(String name, String routingKey) {
        return command(name).toBuilder()
                .addProcessingInstructions(ProcessingInstruction.newBuilder()
                        .setKey(ProcessingKey.ROUTING_KEY)
                        .setValue(MetaDataValue.newBuilder().setTextValue(routingKey)))
                .build();
    }

    /** Registers on the control stream and sends one heartbeat, which makes the server watch its heartbeats. */
    public RawClient registerAndBeatOnce() {
        StreamObserver<PlatformInboundInstruction> control = open(PlatformServiceGrpc.newStub(channel)::openStream,
                (PlatformOutboundInstruction frozen) -> {
                    // The server's heartbeats go unanswered.
                });
        control.onNext(PlatformInboundInstruction.newBuilder().setRegister(ClientIdentification.newBuilder()
                .setClientId(clientId).setComponentName(componentName)).build());
        control.onNext(PlatformInboundInstruction.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());
        return this;
    }

    /** Opens the command stream, subscribing {@code command} and granting {@code permits}. */
    public RawClient handleCommand(String command, long permits) {
        commandStream = open(CommandServiceGrpc.newStub(channel)::openStream, (CommandProviderInbound message) -> {
            if (message.hasCommand()) {
                commands.add(message.getCommand());
            }
        });
        commandStream.onNext(CommandProviderOutbound.newBuilder().setSubscribe(CommandSubscription.newBuilder()
                .setCommand(command).setClientId(clientId).setComponentName(componentName)).build());
        grantCommands(permits);
        return this;
    }

    public void grantCommands(long permits) {
        if (permits > 0) {
            commandStream.onNext(CommandProviderOutbound.newBuilder()
                    .setFlowControl(FlowControl.newBuilder().setClientId(clientId).setPermits(permits)).build());
        }
    }

    /** Opens the query stream, subscribing {@code query} and granting permits. */
    public RawClient handleQuery(String query) {
        return handleQuery(query, 100);
    }

    /** Opens the query stream, subscribing {@code query} and granting {@code permits}. */
    public RawClient handleQuery(String query, long permits) {
        queryStream = open(QueryServiceGrpc.newStub(channel)::openStream, (QueryProviderInbound message) -> {
            if (message.hasQuery()) {
                queries.add(message.getQuery());
            } else if (message.hasSubscriptionQueryRequest()) {
                subscriptionRequests.add(message.getSubscriptionQueryRequest());
            }
        });
        queryStream.onNext(QueryProviderOutbound.newBuilder().setSubscribe(QuerySubscription.newBuilder()
                .setQuery(query).setResultName(String.class.getName())
                .setClientId(clientId).setComponentName(componentName)).build());
        grantQueries(permits);
        return this;
    }

    public void grantQueries(long permits) {
        if (permits > 0) {
            queryStream.onNext(QueryProviderOutbound.newBuilder()
                    .setFlowControl(FlowControl.newBuilder().setClientId(clientId).setPermits(permits)).build());
        }
    }

    /** As a query handler: emits an update, its payload {@code text}, for the subscription. */
    public void emitUpdate(String subscriptionId, String text) {
        queryStream.onNext(QueryProviderOutbound.newBuilder().setSubscriptionQueryResponse(
                SubscriptionQueryResponse.newBuilder()
                        .setMessageIdentifier(UUID.randomUUID().toString())
                        .setSubscriptionIdentifier(subscriptionId)
                        .setUpdate(QueryUpdate.newBuilder()
                                .setMessageIdentifier(UUID.randomUUID().toString())
                                .setPayload(SerializedObject.newBuilder().setType("java.lang.String")
                                        .setData(ByteString.copyFromUtf8(text)))
                                .setClientId(clientId)
                                .setComponentName(componentName)))
                .build());
    }

    /** As a dispatcher: sends a point-to-point query; its first response completes the future. */
    public CompletableFuture<QueryResponse> query(String query) {
        CompletableFuture<QueryResponse> response = new CompletableFuture<>();
        QueryServiceGrpc.newStub(channel).query(QueryRequest.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setQuery(query)
                .setPayload(SerializedObject.newBuilder().setType("java.lang.String"))
                .setClientId(clientId)
                .setComponentName(componentName)
                .build(), observer(response::complete, response::completeExceptionally));
        return response;
    }

    /** As a dispatcher: opens a subscription query stream for {@code query}, granting {@code permits} for updates. */
    public void subscribe(String query, String subscriptionId, long permits) {
        StreamObserver<SubscriptionQueryRequest> subscription = open(QueryServiceGrpc.newStub(channel)::subscription,
                (SubscriptionQueryResponse response) -> {
                    if (response.hasUpdate()) {
                        updates.add(response.getUpdate());
                    }
                });
        subscription.onNext(SubscriptionQueryRequest.newBuilder().setSubscribe(SubscriptionQuery.newBuilder()
                .setSubscriptionIdentifier(subscriptionId)
                .setNumberOfPermits(permits)
                .setQueryRequest(QueryRequest.newBuilder()
                        .setMessageIdentifier(UUID.randomUUID().toString())
                        .setQuery(query)
                        .setClientId(clientId)
                        .setComponentName(componentName)))
                .build());
    }

    /** What the server sent: commands in order of arrival. */
    public BlockingQueue<Command> commands() {
        return commands;
    }

    public BlockingQueue<QueryRequest> queries() {
        return queries;
    }

    /** As a query handler: the subscriptions to watch and to stop watching, in order of arrival. */
    public BlockingQueue<SubscriptionQueryRequest> subscriptionRequests() {
        return subscriptionRequests;
    }

    /** As a subscriber: the updates received, in order. */
    public BlockingQueue<QueryUpdate> updates() {
        return updates;
    }

    /** Answers the command successfully, without a result. */
    public void answer(Command command) {
        commandStream.onNext(CommandProviderOutbound.newBuilder().setCommandResponse(CommandResponse.newBuilder()
                .setMessageIdentifier(command.getMessageIdentifier() + "-answer")
                .setRequestIdentifier(command.getMessageIdentifier())).build());
    }

    /** The event store's last token, -1 while it is empty: a call that shows the server answers. */
    public long lastToken() {
        return EventStoreGrpc.newBlockingStub(channel).getLastToken(GetLastTokenRequest.getDefaultInstance()).getToken();
    }

    /** The errors with which this client's streams ended, one per stream, while it was open. */
    public List<Throwable> streamErrors() {
        return streamErrors;
    }

    /** Drops the connection at once, as a process that is killed. */
    @Override
    public void close() {
        channel.shutdownNow();
    }

    private <I, O> StreamObserver<O> open(Function<StreamObserver<I>, StreamObserver<O>> call, Consumer<I> onMessage) {
        return call.apply(observer(onMessage, streamErrors::add));
    }

    private static <I> StreamObserver<I> observer(Consumer<I> onMessage, Consumer<Throwable> onError) {
        return new StreamObserver<>() {
            @Override
            public void onNext(I value) {
                onMessage.accept(value);
            }

            @Override
            public void onError(Throwable t) {
                onError.accept(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
