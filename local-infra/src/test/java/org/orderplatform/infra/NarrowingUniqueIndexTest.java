package org.orderplatform.infra;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NarrowingUniqueIndexTest {

    private static NarrowingUniqueIndex byId() {
        NarrowingUniqueIndex index = new NarrowingUniqueIndex("_id_", List.of(new IndexKey("_id", true)), false);
        for (int i = 0; i < 1000; i++) {
            index.add(new Document("_id", "o-" + i).append("status", "PENDING"), i, null);
        }
        return index;
    }

    @Test
    void selectsByItsKeysWhenTheQueryNamesMoreFields() {
        NarrowingUniqueIndex index = byId();
        Document conditional = new Document("_id", "o-42").append("status", new Document("$ne", "REFUNDED"));
        Document amongSeveral = new Document("_id", new Document("$in", List.of("o-7", "o-9"))).append("status", "PENDING");

        assertThat(index.canHandle(conditional)).isTrue();
        assertThat(index.getPositions(conditional)).containsExactly(42);
        assertThat(index.getPositions(amongSeveral)).containsExactlyInAnyOrder(7, 9);
        assertThat(index.getPositions(new Document("_id", "o-5"))).containsExactly(5);
    }

    @Test
    void leavesQueriesWithoutItsKeysOrWithConditionsItCannotAnswerToAScan() {
        NarrowingUniqueIndex index = byId();

        assertThat(index.canHandle(new Document("status", "PENDING"))).isFalse();
        assertThat(index.canHandle(new Document("_id", new Document("$ne", "o-1")).append("status", "PENDING"))).isFalse();
    }
}
