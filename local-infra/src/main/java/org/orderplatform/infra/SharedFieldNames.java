package org.orderplatform.infra;

import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives stored documents one shared copy of each field name. The wire decoder makes new strings for the field names
 * of every document it reads: with every collection in memory, a fifth of the heap the data took was copies of
 * "orderId", "status" and the like.
 */
final class SharedFieldNames {

    private final Map<String, String> names = new ConcurrentHashMap<>();

    /** Replaces the document's field names, and those of the documents inside it, by the shared copies; in place. */
    void share(Document document) {
        List<Map.Entry<String, Object>> fields = new ArrayList<>(document.entrySet());
        document.clear();
        for (Map.Entry<String, Object> field : fields) {
            document.put(names.computeIfAbsent(field.getKey(), name -> name), shareWithin(field.getValue()));
        }
    }

    private Object shareWithin(Object value) {
        if (value instanceof Document document) {
            share(document);
        } else if (value instanceof List<?> elements) {
            elements.forEach(this::shareWithin);
        }
        return value;
    }
}
