package org.orderplatform.infra;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Code;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournaledMongoIT {

    @TempDir
    Path workDirectory;

    @Test
    void keepsEveryTypeEveryKindOfWriteAndEveryIndexAcrossARestart() {
        Path data = workDirectory.resolve("mongo");
        Map<String, List<BsonDocument>> contentsBefore;
        List<Document> indexesBefore;
        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase shop = client.getDatabase("shop");
            shop.getCollection("types").insertMany(List.of(everyType("t-1"), new Document("name", "id from the driver")));

            MongoCollection<Document> orders = shop.getCollection("orders");
            orders.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
            orders.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).sparse(true));
            orders.createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(3600L, TimeUnit.SECONDS));
            orders.createIndex(Indexes.ascending("sku"), new IndexOptions().partialFilterExpression(gt("quantity", 0)));
            orders.createIndex(Indexes.ascending("customerId"));
            orders.createIndex(Indexes.ascending("dropped"));
            orders.dropIndex("dropped_1");
            orders.insertMany(IntStream.range(0, 20).mapToObj(JournaledMongoIT::order).toList());

            orders.updateOne(eq("_id", "o-1"), Updates.set("status", "PAID"));
            orders.updateMany(eq("customerId", "c-1"), Updates.inc("quantity", 2L));
            orders.updateOne(eq("_id", "o-2"), Updates.push("lines", new Document("sku", "cup").append("quantity", 1)));
            orders.updateOne(eq("_id", "o-upserted"), Updates.combine(Updates.set("number", 100),
                    Updates.setOnInsert("createdAt", new Date(1_700_000_000_000L))), new UpdateOptions().upsert(true));
            orders.findOneAndUpdate(eq("_id", "o-3"), Updates.inc("quantity", 1),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            orders.findOneAndDelete(eq("_id", "o-4"));
            orders.replaceOne(eq("_id", "o-5"), new Document("number", 5).append("replaced", true));
            orders.deleteOne(eq("_id", "o-6"));
            orders.deleteMany(in("_id", "o-7", "o-8"));
            orders.bulkWrite(List.of(
                    new InsertOneModel<>(order(20)),
                    new UpdateOneModel<>(eq("_id", "o-9"), Updates.set("status", "SHIPPED")),
                    new DeleteOneModel<>(eq("_id", "o-10")),
                    new ReplaceOneModel<>(eq("_id", "o-11"), new Document("number", 11).append("email", "eve@example.com"))));

            shop.getCollection("scratch").insertOne(new Document("_id", 1));
            shop.getCollection("scratch").drop();
            shop.getCollection("recreated").insertOne(new Document("_id", "first"));
            shop.getCollection("recreated").drop();
            shop.getCollection("recreated").insertOne(new Document("_id", "second"));
            shop.getCollection("renamed").insertOne(new Document("_id", "moved"));
            shop.getCollection("renamed").renameCollection(new MongoNamespace("shop", "moved"));
            client.getDatabase("gone").getCollection("anything").insertOne(new Document("_id", 1));
            client.getDatabase("gone").drop();

            contentsBefore = contents(client);
            indexesBefore = orders.listIndexes().into(new ArrayList<>());
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");

            assertThat(contents(client)).isEqualTo(contentsBefore);
            assertThat(contentsBefore.keySet()).containsExactlyInAnyOrder("shop.types", "shop.orders", "shop.recreated", "shop.moved");
            assertThat(client.getDatabase("shop").getCollection("types", BsonDocument.class).find(eq("_id", "t-1")).first())
                    .as("every type as the driver sent it")
                    .isEqualTo(everyType("t-1").toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()));
            assertThat(client.getDatabase("shop").getCollection("recreated").find().first()).containsEntry("_id", "second");
            assertThat(orders.find(eq("_id", "o-2")).first().getList("lines", Document.class)).hasSize(3);
            assertThat(orders.find(eq("_id", "o-1")).first().get("quantity")).isEqualTo(3L);

            assertThat(orders.listIndexes().into(new ArrayList<>())).containsExactlyInAnyOrderElementsOf(indexesBefore);
            assertThat(indexesBefore).extracting(index -> index.getString("name")).containsExactlyInAnyOrder(
                    "_id_", "number_1", "email_1", "createdAt_1", "sku_1", "customerId_1");
            assertThatThrownBy(() -> orders.insertOne(new Document("_id", "o-duplicate").append("number", 12)))
                    .isInstanceOfSatisfying(MongoWriteException.class, e ->
                            assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            assertThatThrownBy(() -> orders.insertOne(new Document("_id", "o-duplicate").append("number", 1000)
                    .append("email", "eve@example.com")))
                    .isInstanceOf(MongoWriteException.class);
            orders.insertOne(new Document("_id", "o-no-email").append("number", 1001));
            assertThat(orders.find(eq("customerId", "c-2")).map(order -> order.getString("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("o-2", "o-14", "o-17", "o-20");
        }

        JournaledMemoryBackend backend = JournaledMemoryBackend.open(data);
        try {
            var orders = backend.resolveDatabase("shop").resolveCollection("orders", true);
            assertThat(orders.getIndexes()).filteredOn(index -> index.getName().equals("customerId_1")).singleElement()
                    .as("the index that is not unique, built again with a key per document")
                    .isInstanceOf(EqualityIndex.class)
                    .satisfies(index -> assertThat(index.getCount()).isEqualTo(orders.count()));
        } finally {
            backend.close();
        }
    }

    @Test
    void keepsEveryAcknowledgedWriteWhenTheProcessIsKilled() throws Exception {
        Path data = workDirectory.resolve("mongo");
        Process server = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                JournaledMongoProcess.class.getName(), data.toString())
                .redirectError(workDirectory.resolve("server.log").toFile())
                .start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            int port = awaitPort(server);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=5000")) {
                MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
                assertThatThrownBy(() -> EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is in use by another instance");

                orders.createIndex(Indexes.ascending("customerId"));
                for (int i = 0; i < 300; i++) {
                    orders.insertOne(order(i));
                    orders.updateOne(eq("_id", "counter"), Updates.inc("n", 1), new UpdateOptions().upsert(true));
                    acknowledged.add("o-" + i);
                }
                CountDownLatch writing = new CountDownLatch(300);
                Thread writer = new Thread(() -> {
                    try {
                        for (int i = 300; ; i++) {
                            orders.insertOne(order(i));
                            acknowledged.add("o-" + i);
                            writing.countDown();
                        }
                    } catch (MongoException stopped) {
                        // The server is gone: this write was not acknowledged.
                    } finally {
                        while (writing.getCount() > 0) {
                            writing.countDown();
                        }
                    }
                }, "writer");
                writer.start();
                writing.await();
                server.destroyForcibly().waitFor();
                writer.join();
            }
        } finally {
            server.destroyForcibly().waitFor();
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            List<String> ids = orders.find(eq("customerId", new Document("$exists", true)))
                    .map(order -> order.getString("_id")).into(new ArrayList<>());

            assertThat(ids).containsAll(acknowledged).doesNotHaveDuplicates();
            assertThat(ids.size()).as("at most the write in flight besides").isBetween(acknowledged.size(), acknowledged.size() + 1);
            assertThat(orders.find(eq("_id", "counter")).first()).containsEntry("n", 300);
            assertThat(orders.find(eq("customerId", "c-1")).into(new ArrayList<>())).isNotEmpty()
                    .allSatisfy(order -> assertThat(order).containsEntry("customerId", "c-1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void dropsADamagedLastRecordAndKeepsEverythingBeforeIt(Damage damage) throws IOException {
        Path data = workDirectory.resolve("mongo");
        de.bwaldvogel.mongo.bson.Document last = new de.bwaldvogel.mongo.bson.Document("_id", "last")
                .append("payload", "x".repeat(200));
        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            orders.insertMany(IntStream.range(0, 50).mapToObj(JournaledMongoIT::order).toList());
            orders.insertOne(new Document(last));
        }
        int lastRecordBytes = new JournalRecords().put("shop", "orders", "last", last).size();
        damage.apply(singleFile(data, Journal.JOURNAL_SUFFIX), lastRecordBytes);

        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            assertThat(orders.countDocuments()).isEqualTo(50);
            assertThat(orders.find(eq("_id", "last")).first()).isNull();
            orders.insertOne(new Document("_id", "after"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            assertThat(orders.countDocuments()).isEqualTo(51);
            assertThat(orders.find(eq("_id", "after")).first()).isNotNull();
        }
    }

    @Test
    void compactsTheJournalWhileRunningAndKeepsTheData() throws IOException {
        Path data = workDirectory.resolve("mongo");
        Journal.Compaction compaction = new Journal.Compaction(64 * 1024, 4);
        int updates = 4000;
        long journaledBytes;
        JournaledMemoryBackend backend = JournaledMemoryBackend.open(data, compaction);
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(Loopback.HOST, 0);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
                MongoCollection<Document> documents = client.getDatabase("shop").getCollection("documents");
                documents.insertMany(IntStream.range(0, 20)
                        .mapToObj(i -> new Document("_id", "d-" + i).append("version", 0).append("payload", "x".repeat(200)))
                        .toList());
                for (int i = 1; i <= updates; i++) {
                    documents.updateOne(eq("_id", "d-" + i % 20), Updates.set("version", i));
                }
            }
            backend.journal().awaitCompactions();
            journaledBytes = (long) updates * new JournalRecords().put("shop", "documents", "d-0",
                    new de.bwaldvogel.mongo.bson.Document("_id", "d-0").append("version", 0).append("payload", "x".repeat(200))).size();

            assertThat(journaledBytes).isGreaterThan(1_000_000);
            assertThat(sizeOf(data)).as("the files, against the %d bytes journaled", journaledBytes).isLessThan(journaledBytes / 5);
            assertThat(singleFile(data, Journal.SNAPSHOT_SUFFIX)).isNotEqualTo(Journal.snapshotFile(data, 1));
        } finally {
            server.shutdownNow();
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> documents = client.getDatabase("shop").getCollection("documents");
            assertThat(documents.countDocuments()).isEqualTo(20);
            for (int i = 0; i < 20; i++) {
                int lastVersion = updates - (updates - i) % 20;
                assertThat(documents.find(eq("_id", "d-" + i)).first()).containsEntry("version", lastVersion);
            }
        }
    }

    @Test
    void compactsWhileClientsWriteToManyCollectionsAndLosesNothing() throws Exception {
        Path data = workDirectory.resolve("mongo");
        Map<String, List<BsonDocument>> contentsBefore;
        JournaledMemoryBackend backend = JournaledMemoryBackend.open(data, new Journal.Compaction(16 * 1024, 1));
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(Loopback.HOST, 0);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
                List<Thread> writers = IntStream.range(0, 4).mapToObj(writer -> new Thread(() -> {
                    for (int i = 0; i < 600; i++) {
                        MongoCollection<Document> collection = client.getDatabase("shop").getCollection("c-" + i % 3);
                        String id = "w" + writer + "-" + i % 50;
                        collection.updateOne(eq("_id", id), Updates.combine(Updates.inc("n", 1),
                                Updates.set("payload", "x".repeat(i % 300))), new UpdateOptions().upsert(true));
                        if (i % 7 == 0) {
                            collection.deleteOne(eq("_id", "w" + writer + "-" + (i + 25) % 50));
                        }
                    }
                }, "writer-" + writer)).toList();
                writers.forEach(Thread::start);
                for (Thread writer : writers) {
                    writer.join();
                }
                backend.journal().awaitCompactions();
                contentsBefore = contents(client);
            }
        } finally {
            server.shutdownNow();
        }
        assertThat(contentsBefore.values()).allSatisfy(documents -> assertThat(documents).isNotEmpty());

        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertThat(contents(client)).isEqualTo(contentsBefore);
        }
    }

    @Test
    void refusesASecondInstanceOnTheSameDirectoryUntilTheFirstCloses() {
        Path data = workDirectory.resolve("mongo");
        try (EmbeddedMongo first = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data))) {
            assertThatThrownBy(() -> EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("The MongoDB data directory " + data.toAbsolutePath() + " is in use by another instance");
            try (MongoClient client = MongoClients.create(first.connectionString())) {
                client.getDatabase("shop").getCollection("orders").insertOne(new Document("_id", "o-1"));
            }
        }
        try (EmbeddedMongo second = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(second.connectionString())) {
            assertThat(client.getDatabase("shop").getCollection("orders").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void startsEmptyBesideTheDataFileOfTheFormerH2BackendAndLeavesItAlone() throws IOException {
        Path data = Files.createDirectories(workDirectory.resolve("mongo"));
        Path h2File = Files.write(data.resolve("mongo.mv.db"), new byte[] {1, 2, 3});
        try (EmbeddedMongo mongo = EmbeddedMongo.start(EmbeddedMongo.Options.persistentIn(data));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertThat(client.listDatabaseNames().into(new ArrayList<>())).isEmpty();
        }
        assertThat(h2File).hasBinaryContent(new byte[] {1, 2, 3});
    }

    /** What a crash during the last write, or a damaged disk, leaves of the journal's last record. */
    enum Damage {
        LAST_BYTE_MISSING(recordBytes -> 1),
        HALF_THE_RECORD_MISSING(recordBytes -> recordBytes / 2),
        ONLY_PART_OF_ITS_HEADER_LEFT(recordBytes -> recordBytes - 3),
        A_BYTE_FLIPPED(recordBytes -> 0);

        private final IntUnaryOperator bytesToCut;

        Damage(IntUnaryOperator bytesToCut) {
            this.bytesToCut = bytesToCut;
        }

        void apply(Path journal, int lastRecordBytes) throws IOException {
            try (FileChannel file = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = file.size();
                if (this == A_BYTE_FLIPPED) {
                    ByteBuffer oneByte = ByteBuffer.allocate(1);
                    file.read(oneByte, size - 20);
                    file.write(ByteBuffer.wrap(new byte[] {(byte) ~oneByte.get(0)}), size - 20);
                } else {
                    file.truncate(size - bytesToCut.applyAsInt(lastRecordBytes));
                }
            }
        }
    }

    private static Document everyType(String id) {
        byte[] uuid = new byte[16];
        uuid[0] = 7;
        return new Document("_id", id)
                .append("objectId", new ObjectId("65f0c0ffee0000000000abcd"))
                .append("date", new Date(1_700_000_000_123L))
                .append("instant", Instant.parse("2026-11-22T10:15:30.123Z"))
                .append("int", 42)
                .append("long", 42L)
                .append("bigLong", Long.MAX_VALUE)
                .append("double", 4.25)
                .append("decimal", new Decimal128(new BigDecimal("12.3400")))
                .append("string", "Grüße, ✓")
                .append("true", true)
                .append("null", null)
                .append("binary", new Binary(new byte[] {1, 2, 3}))
                .append("uuid", new Binary(BsonBinarySubType.UUID_STANDARD, uuid))
                .append("nested", new Document("a", new Document("b", List.of(1, 2L, "three"))))
                .append("array", List.of(new Document("x", 1), List.of(1, 2), "s", List.of()))
                .append("emptyDocument", new Document())
                .append("regex", new BsonRegularExpression("^a.*", "i"))
                .append("timestamp", new BsonTimestamp(1_700_000_000, 7))
                .append("minKey", new MinKey())
                .append("maxKey", new MaxKey())
                .append("code", new Code("function() { return 1; }"));
    }

    private static Document order(int i) {
        return new Document("_id", "o-" + i)
                .append("number", i)
                .append("customerId", "c-" + i % 3)
                .append("quantity", i % 5)
                .append("sku", i % 2 == 0 ? "tea" : "cup")
                .append("lines", List.of(new Document("sku", "tea").append("quantity", 2), new Document("sku", "cup")))
                .append("payload", "p".repeat(500));
    }

    /** Every collection of every database, as BSON that tells Int32 from Int64, in any order. */
    private static Map<String, List<BsonDocument>> contents(MongoClient client) {
        Map<String, List<BsonDocument>> contents = new LinkedHashMap<>();
        for (String database : client.listDatabaseNames()) {
            for (String collection : client.getDatabase(database).listCollectionNames()) {
                List<BsonDocument> documents = client.getDatabase(database).getCollection(collection, BsonDocument.class)
                        .find().into(new ArrayList<>());
                documents.sort((a, b) -> a.get("_id").toString().compareTo(b.get("_id").toString()));
                contents.put(database + "." + collection, documents);
            }
        }
        return contents;
    }

    private static int awaitPort(Process server) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(JournaledMongoProcess.PORT_PREFIX)) {
                Thread drain = new Thread(() -> output.lines().forEach(any -> { }), "server-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(JournaledMongoProcess.PORT_PREFIX.length()));
            }
        }
        throw new AssertionError("The server process ended before it listened");
    }

    private static Path singleFile(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> matching = files.filter(file -> file.getFileName().toString().endsWith(suffix)).toList();
            assertThat(matching).hasSize(1);
            return matching.get(0);
        }
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
