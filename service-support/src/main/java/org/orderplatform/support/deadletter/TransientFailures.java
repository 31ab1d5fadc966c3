package org.orderplatform.support.deadletter;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Failures that say nothing about the event being handled: the database is unreachable, electing a primary or too
 * slow to answer, or the processor is being stopped. Handling the event again later can succeed, so such an event
 * is retried by its processor and never parked.
 */
public final class TransientFailures {

    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(
            DataAccessResourceFailureException.class,
            TransientDataAccessException.class,
            MongoSocketException.class,
            MongoTimeoutException.class,
            MongoNotPrimaryException.class,
            MongoNodeIsRecoveringException.class,
            MongoConnectionPoolClearedException.class,
            MongoInterruptedException.class,
            InterruptedException.class);

    private TransientFailures() {
    }

    /** Whether the failure, or any failure in its chain of causes, is transient. */
    public static boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (isTransientItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable failure) {
        if (failure instanceof MongoException mongo
                && mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
            return true;
        }
        return TRANSIENT.stream().anyMatch(type -> type.isInstance(failure));
    }
}
