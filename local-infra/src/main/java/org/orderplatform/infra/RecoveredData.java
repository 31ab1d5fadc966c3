package org.orderplatform.infra;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The documents a snapshot and its journals leave, per database and collection, including mongo-java-server's own
 * {@code system.namespaces} (the collections of a database) and {@code system.indexes} (the index definitions,
 * unique, sparse, TTL, partial or not), from which a database opens its collections and builds their indexes.
 */
final class RecoveredData {

    static final String NAMESPACES = "system.namespaces";
    static final String INDEXES = "system.indexes";

    private static final Logger log = LoggerFactory.getLogger(RecoveredData.class);
    private static final String PRIMARY_KEY_INDEX_NAME = "_id_";

    /** Per database, per collection, the documents by normalized key, in the order they were first added. */
    private final Map<String, Map<String, Map<Object, Document>>> databases = new LinkedHashMap<>();

    void apply(JournalRecords.Change change) {
        switch (change.kind()) {
            case JournalRecords.PUT -> databases.computeIfAbsent(change.database(), name -> new LinkedHashMap<>())
                    .computeIfAbsent(change.collection(), name -> new LinkedHashMap<>())
                    .put(normalized(change.key()), change.document());
            case JournalRecords.DELETE -> collection(change.database(), change.collection()).remove(normalized(change.key()));
            case JournalRecords.DROP -> {
                Map<String, Map<Object, Document>> collections = databases.get(change.database());
                if (collections != null) {
                    collections.remove(change.collection());
                }
            }
            default -> throw new IllegalArgumentException("unknown record kind " + change.kind());
        }
    }

    /**
     * Per database, per collection, its documents; without what a create, drop or rename of a collection that the
     * process did not finish leaves (a collection listed without its {@code _id} index, documents of a collection
     * not listed), which the database could not open consistently.
     */
    Map<String, Map<String, Collection<Document>>> collectionsByDatabase() {
        Map<String, Map<String, Collection<Document>>> result = new LinkedHashMap<>();
        databases.forEach((database, collections) -> {
            String prefix = database + ".";
            Collection<Document> indexes = collections.getOrDefault(INDEXES, Map.of()).values();
            Set<String> withPrimaryKey = indexes.stream()
                    .filter(index -> PRIMARY_KEY_INDEX_NAME.equals(index.get("name")))
                    .map(index -> String.valueOf(index.get("ns")))
                    .collect(Collectors.toSet());
            List<Document> namespaces = collections.getOrDefault(NAMESPACES, Map.of()).values().stream()
                    .filter(namespace -> keep(withPrimaryKey.contains(String.valueOf(namespace.get("name"))),
                            "listed without its _id index", namespace.get("name")))
                    .toList();
            Set<String> listed = namespaces.stream().map(namespace -> String.valueOf(namespace.get("name")))
                    .collect(Collectors.toSet());
            if (listed.isEmpty()) {
                return;
            }
            Map<String, Collection<Document>> kept = new LinkedHashMap<>();
            kept.put(NAMESPACES, namespaces);
            kept.put(INDEXES, indexes.stream().filter(index -> listed.contains(String.valueOf(index.get("ns")))).toList());
            collections.forEach((collection, documents) -> {
                if (!collection.equals(NAMESPACES) && !collection.equals(INDEXES) && !documents.isEmpty()
                        && keep(listed.contains(prefix + collection), "not listed", prefix + collection)) {
                    kept.put(collection, documents.values());
                }
            });
            result.put(database, kept);
        });
        databases.clear();
        return result;
    }

    private Map<Object, Document> collection(String database, String collection) {
        return databases.getOrDefault(database, Map.of()).getOrDefault(collection, new LinkedHashMap<>());
    }

    private static boolean keep(boolean consistent, String problem, Object collection) {
        if (!consistent) {
            log.warn("Leaving out the MongoDB collection {}: {}, as a create, drop or rename that stopped halfway "
                    + "leaves it", collection, problem);
        }
        return consistent;
    }

    /** As mongo-java-server compares keys: 1, 1L and 1.0 are the same {@code _id}. */
    private static Object normalized(Object key) {
        return key instanceof String ? key : new KeyValue(key).normalized();
    }
}
