package org.orderplatform.infra;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backend for data on disk: mongo-java-server's memory backend, with {@link EqualityIndex} for the indexes that
 * are not unique (as {@link IndexingMemoryBackend}), whose collections append each change to a {@link Journal} as
 * it happens, inside the write command and so before it is acknowledged: an insert, update or replace as the whole
 * new document, a delete as its key, a drop as the collection's name. The collections and index definitions that
 * mongo-java-server keeps in each database's {@code system.namespaces} and {@code system.indexes} are journaled the
 * same way, so a database opened from the journal lists its collections and builds its indexes again.
 */
final class JournaledMemoryBackend extends AbstractMongoBackend {

    private final Journal journal;
    private final SharedFieldNames fieldNames = new SharedFieldNames();
    private final Map<String, JournaledDatabase> databases = new ConcurrentHashMap<>();
    private final Set<JournaledCollection> liveCollections = ConcurrentHashMap.newKeySet();
    private Map<String, Map<String, Collection<Document>>> recovered;

    private JournaledMemoryBackend(Journal journal, Map<String, Map<String, Collection<Document>>> recovered) {
        this.journal = journal;
        this.recovered = recovered;
        List.copyOf(recovered.keySet()).forEach(this::resolveDatabase);
        this.recovered = Map.of();
        journal.start(this::writeSnapshot);
    }

    /** Reads the data in the directory back and keeps it there, locked against other instances until closed. */
    static JournaledMemoryBackend open(Path directory) {
        return open(directory, Journal.Compaction.DEFAULT);
    }

    static JournaledMemoryBackend open(Path directory, Journal.Compaction compaction) {
        RecoveredData data = new RecoveredData();
        Journal journal = Journal.open(directory, compaction, data::apply);
        try {
            return new JournaledMemoryBackend(journal, data.collectionsByDatabase());
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    Journal journal() {
        return journal;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // listDatabases asks for every database again: an open one must not be opened a second time.
        return databases.computeIfAbsent(databaseName,
                name -> new JournaledDatabase(name, recovered.getOrDefault(name, Map.of())));
    }

    @Override
    public void dropDatabase(String databaseName) {
        databases.remove(databaseName);
        super.dropDatabase(databaseName);
    }

    @Override
    public void close() {
        super.close();
        journal.close();
    }

    private void writeSnapshot(Journal.SnapshotWriter writer) {
        for (JournaledCollection collection : liveCollections) {
            collection.writeTo(writer);
        }
    }

    private final class JournaledDatabase extends AbstractSynchronizedMongoDatabase<Integer> {

        /** Only while the database opens; a collection created later under the same name starts empty. */
        private final Map<String, Collection<Document>> recoveredCollections;

        JournaledDatabase(String databaseName, Map<String, Collection<Document>> recoveredCollections) {
            super(databaseName, getCursorRegistry());
            this.recoveredCollections = new HashMap<>(recoveredCollections);
            initializeNamespacesAndIndexes();
            this.recoveredCollections.clear();
        }

        @Override
        protected MongoCollection<Integer> openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new JournaledCollection(this, collectionName, options,
                    recoveredCollections.getOrDefault(collectionName, List.of()));
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                         boolean sparse) {
            return new NarrowingUniqueIndex(indexName, keys, sparse);
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                            List<IndexKey> keys, boolean sparse) {
            return new EqualityIndex<>(indexName, keys, sparse);
        }

        @Override
        protected long getStorageSize() {
            return 0;
        }

        @Override
        protected long getFileSize() {
            return 0;
        }
    }

    /**
     * mongo-java-server calls these hooks with the collection locked, so a collection's records reach the journal in
     * the order of its changes.
     */
    private final class JournaledCollection extends MemoryCollection {

        /** While the documents read back from disk are added: they are not journaled again. */
        private boolean loading;
        /** Its documents stay in memory until collected, but must not reach a snapshot after its drop record. */
        private boolean dropped;

        JournaledCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                            Collection<Document> recoveredDocuments) {
            super(database, collectionName, options, getCursorRegistry());
            loading = true;
            recoveredDocuments.forEach(this::addDocument);
            loading = false;
            liveCollections.add(this);
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            if (!loading) {
                journal.append(new JournalRecords().put(getDatabaseName(), getCollectionName(), keyOf(document), document));
            }
            fieldNames.share(document);
            return super.addDocumentInternal(document);
        }

        @Override
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            JournalRecords records = new JournalRecords();
            if (getIdField() == null) {
                // Keyed by the whole document, which has changed.
                records.delete(getDatabaseName(), getCollectionName(), keyOf(oldDocument));
            }
            journal.append(records.put(getDatabaseName(), getCollectionName(), keyOf(newDocument), newDocument));
            // The stored document itself, changed in place: what the update brought in gets the shared names too.
            fieldNames.share(newDocument);
        }

        @Override
        protected void removeDocument(Integer position) {
            Document document = getDocument(position);
            journal.append(new JournalRecords().delete(getDatabaseName(), getCollectionName(), keyOf(document)));
            super.removeDocument(position);
        }

        @Override
        public synchronized void drop() {
            super.drop();
            journal.append(new JournalRecords().drop(getDatabaseName(), getCollectionName()));
            dropped = true;
            liveCollections.remove(this);
        }

        /** Journaled as the documents under the new name, so that replaying the journal needs no earlier state. */
        @Override
        public synchronized void renameTo(MongoDatabase newDatabase, String newCollectionName) {
            String newDatabaseName = newDatabase.getDatabaseName();
            JournalRecords records = new JournalRecords().drop(newDatabaseName, newCollectionName);
            for (Document document : queryAll()) {
                records.put(newDatabaseName, newCollectionName, keyOf(document), document);
            }
            journal.append(records.drop(getDatabaseName(), getCollectionName()));
            super.renameTo(newDatabase, newCollectionName);
        }

        synchronized void writeTo(Journal.SnapshotWriter writer) {
            if (dropped) {
                return;
            }
            for (Document document : queryAll()) {
                writer.put(getDatabaseName(), getCollectionName(), keyOf(document), document);
            }
        }

        /** {@code system.indexes} has no id field: there a document is its own key. */
        private Object keyOf(Document document) {
            String idField = getIdField();
            return idField == null ? document : document.get(idField);
        }
    }
}
