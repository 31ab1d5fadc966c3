package org.orderplatform.support;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.Optional;

/**
 * A token store that writes a batch's token after the batch's other writes, for event processors that commit without
 * a transaction.
 * <p>
 * Axon's processors store the token in the prepare-commit phase of a batch's unit of work, registered before the
 * batch is handled, so it comes before everything handlers register there: the sagas a batch changed are written
 * after its token. Without a transaction spanning both, a crash between them loses the batch for those sagas (their
 * processor never delivers it again). Written in the commit phase instead, the token follows every write of the
 * batch, and a crash before it only delivers the batch again, which the handlers take idempotently.
 */
public final class AtLeastOnceTokenStore implements TokenStore {

    private final TokenStore delegate;

    public AtLeastOnceTokenStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.PREPARE_COMMIT) {
            CurrentUnitOfWork.get().onCommit(unitOfWork -> delegate.storeToken(token, processorName, segment));
        } else {
            delegate.storeToken(token, processorName, segment);
        }
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    /**
     * Instances starting together on an empty store each find no identifier and insert one; all but the first are
     * refused by the unique index, and asked once more they read the identifier the first one stored. Without the
     * second ask, such an instance fails to start.
     */
    @Override
    public Optional<String> retrieveStorageIdentifier() {
        try {
            return delegate.retrieveStorageIdentifier();
        } catch (UnableToRetrieveIdentifierException anotherInstanceStoredOneFirst) {
            return delegate.retrieveStorageIdentifier();
        }
    }
}
