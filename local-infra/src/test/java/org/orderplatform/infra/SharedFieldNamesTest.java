package org.orderplatform.infra;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SharedFieldNamesTest {

    private static Document order(String id) {
        // new String: as the wire decoder gives them, a copy of each name per document.
        return new Document(new String("_id"), id).append(new String("status"), "CONFIRMED")
                .append(new String("history"), new ArrayList<>(List.of(new Document(new String("at"), 1L))));
    }

    @Test
    void documentsKeepTheirContentAndOrderButShareEachName() {
        SharedFieldNames names = new SharedFieldNames();
        Document first = order("o-1");
        Document second = order("o-2");

        names.share(first);
        names.share(second);

        assertThat(second).isEqualTo(order("o-2"));
        assertThat(second.keySet()).containsExactly("_id", "status", "history");
        assertThat(List.copyOf(second.keySet()).get(1)).isSameAs(List.copyOf(first.keySet()).get(1));
        Document nested = (Document) ((List<?>) second.get("history")).get(0);
        Document nestedOfFirst = (Document) ((List<?>) first.get("history")).get(0);
        assertThat(nested.keySet().iterator().next()).isSameAs(nestedOfFirst.keySet().iterator().next());
    }
}
