package org.orderplatform.infra;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A non-unique index for mongo-java-server, whose backends ignore every index that is not unique and so read the
 * whole collection for any query on other fields (a query per event on the sagas, for example, grows with the number
 * of sagas alive). This one answers queries that give every indexed field a value to equal, or {@code $in} values,
 * array fields included (each element is a key, as in MongoDB's multikey indexes). It narrows the candidates only:
 * the query is still matched against every document found, so results are the same as without it. Kept in memory;
 * a database opened from disk builds it again from the documents.
 *
 * @param <P> the backend's document position
 */
final class EqualityIndex<P> extends Index<P> {

    private static final String ID_FIELD = "_id";
    private static final String IN = "$in";
    private static final String EQ = "$eq";

    /** Per key, the documents that have it, by their normalized {@code _id}. */
    private final Map<KeyValue, Map<Object, P>> documentsByKey = new HashMap<>();
    private final List<String> fields;
    private final boolean topLevelFieldsOnly;

    EqualityIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.fields = keys.stream().map(IndexKey::getKey).toList();
        this.topLevelFieldsOnly = fields.stream().noneMatch(field -> field.contains("."));
    }

    @Override
    public synchronized P getPosition(Document document) {
        Object id = idOf(document);
        for (KeyValue key : keysOf(document)) {
            P position = documentsByKey.getOrDefault(key, Map.of()).get(id);
            if (position != null) {
                return position;
            }
        }
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // Not unique: any document may be added.
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        add(idOf(document), keysOf(document), position);
    }

    @Override
    public synchronized P remove(Document document) {
        return remove(idOf(document), keysOf(document));
    }

    private void add(Object id, Set<KeyValue> keys, P position) {
        for (KeyValue key : keys) {
            documentsByKey.computeIfAbsent(key, any -> new HashMap<>(2)).put(id, position);
        }
    }

    private P remove(Object id, Set<KeyValue> keys) {
        P removed = null;
        for (KeyValue key : keys) {
            Map<Object, P> documents = documentsByKey.get(key);
            if (documents != null) {
                P position = documents.remove(id);
                removed = position != null ? position : removed;
                if (documents.isEmpty()) {
                    documentsByKey.remove(key);
                }
            }
        }
        return removed;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return fields.stream().allMatch(key -> query.containsKey(key) && valuesToEqual(query.get(key)).isPresent());
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        List<List<Object>> combinations = List.of(List.of());
        for (String key : fields) {
            List<Object> values = valuesToEqual(query.get(key)).orElseThrow();
            List<List<Object>> extended = new ArrayList<>();
            for (List<Object> combination : combinations) {
                for (Object value : values) {
                    List<Object> longer = new ArrayList<>(combination);
                    longer.add(value);
                    extended.add(longer);
                }
            }
            combinations = extended;
        }
        Set<P> positions = new LinkedHashSet<>();
        for (List<Object> combination : combinations) {
            positions.addAll(documentsByKey.getOrDefault(new KeyValue(combination).normalized(), Map.of()).values());
        }
        return new ArrayList<>(positions);
    }

    @Override
    public synchronized long getCount() {
        return documentsByKey.values().stream().mapToLong(Map::size).sum();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // Not unique: any change is allowed.
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        Set<KeyValue> oldKeys = keysOf(oldDocument);
        Set<KeyValue> newKeys = keysOf(newDocument);
        if (!oldKeys.equals(newKeys)) {
            Object id = idOf(oldDocument);
            remove(id, oldKeys);
            add(id, newKeys, position);
        }
    }

    @Override
    public synchronized void drop() {
        documentsByKey.clear();
    }

    /** A sparse index leaves out the documents that have none of its fields. */
    private Set<KeyValue> keysOf(Document document) {
        Set<KeyValue> keys = keyValues(document);
        if (isSparse() && keys.stream().allMatch(key -> key.stream().allMatch(Objects::isNull))) {
            return Set.of();
        }
        return keys;
    }

    /**
     * The document's keys as mongo-java-server computes them, more quickly for the usual case of top-level fields
     * that hold no arrays: building an index over a large collection spends most of its time here.
     */
    private Set<KeyValue> keyValues(Document document) {
        if (!topLevelFieldsOnly) {
            return getKeyValues(document);
        }
        List<Object> values = new ArrayList<>(fields.size());
        boolean normalized = true;
        for (String field : fields) {
            Object value = document.get(field);
            if (value instanceof Collection) {
                return getKeyValues(document);
            }
            normalized &= value == null || value instanceof String || value instanceof Date || value instanceof Boolean;
            values.add(value);
        }
        // Numbers and embedded documents are normalized by mongo-java-server; the other values stay as they are.
        KeyValue key = new KeyValue(values);
        return Set.of(normalized ? key : key.normalized());
    }

    private static Object idOf(Document document) {
        Object id = document.get(ID_FIELD);
        return id instanceof String ? id : new KeyValue(id).normalized();
    }

    /**
     * The values a query field equals, when the index can find them: a plain value or embedded document, or
     * {@code $eq}/{@code $in} of such values. Not null (which also matches a missing field), not an array (which
     * also matches an array as a whole), not a pattern.
     */
    private static Optional<List<Object>> valuesToEqual(Object condition) {
        if (condition instanceof Document document && document.keySet().stream().anyMatch(key -> key.startsWith("$"))) {
            if (document.size() != 1) {
                return Optional.empty();
            }
            if (document.containsKey(EQ)) {
                return valuesToEqual(document.get(EQ)).filter(values -> values.size() == 1);
            }
            if (document.get(IN) instanceof Collection<?> values && !values.isEmpty()
                    && values.stream().allMatch(EqualityIndex::isEqualityValue)) {
                return Optional.of(List.copyOf(values));
            }
            return Optional.empty();
        }
        return isEqualityValue(condition) ? Optional.of(List.of(condition)) : Optional.empty();
    }

    private static boolean isEqualityValue(Object value) {
        if (value instanceof Document document) {
            return document.keySet().stream().noneMatch(key -> key.startsWith("$"))
                    && !BsonRegularExpression.isRegularExpression(document);
        }
        return value != null && !(value instanceof Collection) && !(value instanceof Pattern)
                && !(value instanceof BsonRegularExpression);
    }
}
