package org.orderplatform.infra;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EqualityIndexTest {

    private static Document saga(String id, String type, String orderId) {
        return new Document("_id", id).append("sagaType", type)
                .append("associations", List.of(new Document("key", "orderId").append("value", orderId),
                        new Document("key", "paymentId").append("value", "p-" + orderId)));
    }

    private static EqualityIndex<Integer> sagasIndex() {
        return new EqualityIndex<>("sagas", List.of(new IndexKey("sagaType", true), new IndexKey("associations", true)), false);
    }

    @Test
    void findsOnlyTheDocumentsWithTheKeyAmongManyIncludingArrayElements() {
        EqualityIndex<Integer> index = sagasIndex();
        for (int i = 0; i < 1000; i++) {
            index.add(saga("s-" + i, "OrderSaga", "o-" + i), i, null);
        }
        Document byOrder = new Document("sagaType", "OrderSaga")
                .append("associations", new Document("key", "orderId").append("value", "o-42"));
        Document byPayment = new Document("sagaType", "OrderSaga")
                .append("associations", new Document("key", "paymentId").append("value", "p-o-7"));
        Document fieldsSwapped = new Document("sagaType", "OrderSaga")
                .append("associations", new Document("value", "p-7").append("key", "paymentId"));

        assertThat(index.canHandle(byOrder)).isTrue();
        assertThat(index.getPositions(byOrder)).containsExactly(42);
        assertThat(index.getPositions(byPayment)).containsExactly(7);
        assertThat(index.getPositions(fieldsSwapped)).as("as in MongoDB, embedded documents are equal in field order only").isEmpty();
        assertThat(index.getPositions(new Document(byOrder).append("sagaType", "OtherSaga"))).isEmpty();
    }

    @Test
    void answersEqualityAndInButLeavesOtherConditionsToAScan() {
        EqualityIndex<Integer> index = new EqualityIndex<>("status", List.of(new IndexKey("status", true)), false);
        index.add(new Document("_id", 1).append("status", "PENDING"), 1, null);
        index.add(new Document("_id", 2).append("status", "CONFIRMED"), 2, null);
        index.add(new Document("_id", 3).append("status", "PENDING"), 3, null);

        assertThat(index.getPositions(new Document("status", "PENDING"))).containsExactlyInAnyOrder(1, 3);
        assertThat(index.getPositions(new Document("status", new Document("$eq", "CONFIRMED")))).containsExactly(2);
        assertThat(index.getPositions(new Document("status", new Document("$in", List.of("CONFIRMED", "PENDING")))))
                .containsExactlyInAnyOrder(1, 2, 3);
        assertThat(index.canHandle(new Document("status", "PENDING").append("customerId", "c-1")))
                .as("other fields are matched on the candidates").isTrue();

        assertThat(index.canHandle(new Document("customerId", "c-1"))).isFalse();
        assertThat(index.canHandle(new Document("status", null))).as("null also matches a missing field").isFalse();
        assertThat(index.canHandle(new Document("status", List.of("PENDING")))).as("an array also matches as a whole").isFalse();
        assertThat(index.canHandle(new Document("status", new Document("$ne", "PENDING")))).isFalse();
        assertThat(index.canHandle(new Document("status", new Document("$gte", "A").append("$lt", "Q")))).isFalse();
    }

    @Test
    void numbersOfAnyTypeWithTheSameValueAreOneKey() {
        EqualityIndex<Integer> index = new EqualityIndex<>("quantity", List.of(new IndexKey("quantity", true)), false);
        index.add(new Document("_id", "a").append("quantity", 2), 1, null);
        index.add(new Document("_id", "b").append("quantity", 2L), 2, null);
        index.add(new Document("_id", "c").append("quantity", 2.0), 3, null);

        assertThat(index.getPositions(new Document("quantity", 2.0))).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void followsUpdatesAndRemovalsOfEachDocument() {
        EqualityIndex<Integer> index = new EqualityIndex<>("status", List.of(new IndexKey("status", true)), false);
        Document first = new Document("_id", 1).append("status", "PENDING");
        Document second = new Document("_id", 2).append("status", "PENDING");
        index.add(first, 10, null);
        index.add(second, 20, null);

        Document confirmed = new Document("_id", 1).append("status", "CONFIRMED");
        index.updateInPlace(first, confirmed, 10, null);

        assertThat(index.getPositions(new Document("status", "PENDING"))).containsExactly(20);
        assertThat(index.getPositions(new Document("status", "CONFIRMED"))).containsExactly(10);
        assertThat(index.getPosition(confirmed)).isEqualTo(10);
        assertThat(index.remove(second)).as("the position of that document, not of another with the same key").isEqualTo(20);
        assertThat(index.getPositions(new Document("status", "PENDING"))).isEmpty();
        assertThat(index.getCount()).isEqualTo(1);
    }

    @Test
    void aSparseIndexLeavesOutDocumentsWithoutItsField() {
        EqualityIndex<Integer> index = new EqualityIndex<>("email", List.of(new IndexKey("email", true)), true);
        index.add(new Document("_id", 1), 1, null);
        index.add(new Document("_id", 2).append("email", "ada@example.com"), 2, null);

        assertThat(index.getCount()).isEqualTo(1);
        assertThat(index.remove(new Document("_id", 1))).isNull();
    }
}
