package org.orderplatform.axonserver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.store.EventStorage;
import org.orderplatform.axonserver.store.EventStorages;
import org.orderplatform.axonserver.support.Http;
import org.springframework.util.FileSystemUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The dashboard's JSON API on a store of a million events: the store is filled straight through {@link EventStorage}
 * in transactions of 10,000 events (200,000 orders of five events each, ten days of timestamps, ten events of a rare
 * type), then every kind of page the dashboard asks for is timed over HTTP. Prints figures only; part of
 * {@link Benchmarks}, or alone with
 * {@code mvn -q -pl axonserver -Pbench test-compile exec:java -Dexec.mainClass=org.orderplatform.axonserver.bench.LargeStoreBenchmark}
 * ({@code -Dbench.large.events=1000000}).
 */
public final class LargeStoreBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.large.events", 1_000_000);
    private static final int TRANSACTION = 10_000;
    private static final int EVENTS_PER_ORDER = 5;
    private static final String[] TYPES = {"org.example.OrderPlaced", "org.example.PaymentCharged",
            "org.example.OrderConfirmed", "org.example.OrderShipped", "org.example.OrderDelivered"};
    private static final String RARE = "org.example.OrderAudited";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    /** Ten days over the whole store. */
    private static final long STEP_MILLIS = 10L * 24 * 3600 * 1000 / EVENTS;
    private static final int REPEATS = 5;
    // The JSON API is for operators; the server's own access token is one, without a sign-in server to start.
    private static final String TOKEN = "large-store-bench";

    private LargeStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run().forEach(System.out::println);
    }

    /** One line per figure. */
    static List<String> run() throws Exception {
        Path data = Files.createTempDirectory("axonserver-large");
        List<String> lines = new ArrayList<>();
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(data, 0, 0, Map.of("axonserver.access-token", TOKEN))) {
            EventStorage storage = server.bean(EventStorages.class).all().get("default");
            long heapBefore = usedHeap();
            long started = System.nanoTime();
            fill(storage, EVENTS);
            double fillSeconds = (System.nanoTime() - started) / 1e9;
            lines.add(String.format("filled %,d events (%,d MB on disk) in %.1f s through EventStorage, %,.0f events/s",
                    storage.eventCount(), storage.storageSizeBytes() >> 20, fillSeconds, EVENTS / fillSeconds));
            lines.add(String.format("server heap grew by %,d MB for the indexes (the events stay on disk)",
                    (usedHeap() - heapBefore) >> 20));

            Http http = new Http(server.httpPort()).withAccessToken(TOKEN);
            String order = "order-" + (EVENTS / EVENTS_PER_ORDER / 2 + 17);
            Instant middle = Instant.ofEpochMilli(START + STEP_MILLIS * (EVENTS / 2));
            lines.add(time("newest page, 50 events", () -> http.get("/v1/events")));
            lines.add(time("page at token 500,000, 50 events", () -> http.get("/v1/events?after=500000")));
            lines.add(time("oldest first, first page of 500", () -> http.get("/v1/events?order=oldest&limit=500")));
            lines.add(time("search a common payload type, 50 events",
                    () -> http.get("/v1/events?payloadType=" + TYPES[2])));
            lines.add(time("search an aggregate id, 5 events", () -> http.get("/v1/events?aggregateId=" + order)));
            lines.add(time("search one hour in the middle, 50 events",
                    () -> http.get("/v1/events?from=" + middle + "&to=" + middle.plusSeconds(3600))));
            lines.add(time("aggregate history with snapshots", () -> http.get("/v1/aggregates/" + order)));
            lines.add(time("journey of an order, newest 100,000 events", () -> http.get("/v1/journey/" + order)));
            lines.add(time("journey of an order, all 1,000,000 events",
                    () -> http.get("/v1/journey/" + order + "?window=1000000")));
            lines.add(time("status", () -> http.get("/v1/status")));
            lines.add(rareSearch(http));
        } finally {
            FileSystemUtils.deleteRecursively(data);
        }
        return lines;
    }

    /** Appends {@code events} events of orders of five, in transactions of 10,000. */
    static void fill(EventStorage storage, int events) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<Event> transaction = new ArrayList<>(TRANSACTION);
        for (int token = 0; token < events; token++) {
            transaction.add(event(token));
            if (transaction.size() == TRANSACTION) {
                pending.add(storage.appendEvents(transaction));
                transaction = new ArrayList<>(TRANSACTION);
                // A few transactions in flight keep the committer busy without holding the whole store in memory.
                if (pending.size() == 4) {
                    pending.remove(0).join();
                }
            }
        }
        pending.add(storage.appendEvents(transaction));
        pending.forEach(CompletableFuture::join);
    }

    private static Event event(int token) {
        String orderId = "order-" + token / EVENTS_PER_ORDER;
        String type = token % 100_000 == 99_999 ? RARE : TYPES[token % EVENTS_PER_ORDER];
        String trace = UUID.nameUUIDFromBytes(orderId.getBytes()).toString();
        return Event.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setAggregateIdentifier(orderId)
                .setAggregateSequenceNumber(token % EVENTS_PER_ORDER)
                .setAggregateType("Order")
                .setTimestamp(START + STEP_MILLIS * token)
                .putMetaData("traceId", MetaDataValue.newBuilder().setTextValue(trace).build())
                .putMetaData("correlationId", MetaDataValue.newBuilder().setTextValue(trace).build())
                .setPayload(SerializedObject.newBuilder().setType(type)
                        .setData(ByteString.copyFromUtf8("{\"orderId\":\"" + orderId + "\",\"amount\":" + token % 997
                                + ",\"customer\":\"customer-" + token % 5000 + "\"}")))
                .build();
    }

    /** Median and slowest of a few calls, after one call to warm up. */
    private static String time(String what, Supplier<Http.Response> call) {
        Http.Response first = call.get();
        if (first.status() != 200) {
            throw new IllegalStateException(what + ": " + first.status() + " " + first.body());
        }
        long[] millis = new long[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long started = System.nanoTime();
            call.get();
            millis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        Arrays.sort(millis);
        return String.format("%-46s median %5d ms, slowest %5d ms, %,d bytes", what, millis[REPEATS / 2],
                millis[REPEATS - 1], first.body().length());
    }

    /** The ten events of the rare type, found by following {@code next} through the whole store. */
    private static String rareSearch(Http http) {
        long started = System.nanoTime();
        int requests = 0;
        int found = 0;
        String after = "";
        do {
            JsonNode page = http.get("/v1/events?payloadType=" + RARE + after).json();
            requests++;
            found += page.get("events").size();
            after = page.get("next").isNull() ? null : "&after=" + page.get("next").asText();
        } while (after != null);
        return String.format("%-46s %d events in %d requests, %,d ms in all", "search a rare payload type, whole store",
                found, requests, (System.nanoTime() - started) / 1_000_000);
    }

    static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
