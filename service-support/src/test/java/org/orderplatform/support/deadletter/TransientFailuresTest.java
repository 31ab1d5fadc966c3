package org.orderplatform.support.deadletter;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    @Test
    void anUnreachableDatabaseIsTransientWhereverItIsInTheChain() {
        var timeout = new MongoTimeoutException("Timed out while waiting for a server");
        var deep = new IllegalStateException("batch failed",
                new RuntimeException("write failed", new MongoSocketReadException("reset", new ServerAddress())));

        assertThat(TransientFailures.isTransient(new DataAccessResourceFailureException("away", timeout))).isTrue();
        assertThat(TransientFailures.isTransient(timeout)).isTrue();
        assertThat(TransientFailures.isTransient(deep)).isTrue();
        assertThat(TransientFailures.isTransient(new InterruptedException("stopping"))).isTrue();
    }

    @Test
    void aFailureOfTheEventItselfIsNot() {
        assertThat(TransientFailures.isTransient(new ClassCastException("not a number"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("bad", new NullPointerException())))
                .isFalse();
        assertThat(TransientFailures.isTransient(new DuplicateKeyException("taken"))).isFalse();
        assertThat(TransientFailures.isTransient(new MongoException(121, "Document failed validation"))).isFalse();
    }

    @Test
    void aServerThatLabelsItsErrorTransientIsBelieved() {
        var labelled = new MongoException(112, "WriteConflict");
        labelled.addLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);

        assertThat(TransientFailures.isTransient(labelled)).isTrue();
    }

    @Test
    void aChainThatLoopsEnds() {
        var first = new IllegalStateException("first");
        var second = new IllegalStateException("second", first);
        first.initCause(second);

        assertThat(TransientFailures.isTransient(first)).isFalse();
    }
}
