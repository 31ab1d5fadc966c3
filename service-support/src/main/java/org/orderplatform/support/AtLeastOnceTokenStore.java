package org.orderplatform.support;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

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
public final class AtLeastOnceTokenStore extends DelegatingTokenStore {

    public AtLeastOnceTokenStore(TokenStore delegate) {
        super(delegate);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.PREPARE_COMMIT) {
            CurrentUnitOfWork.get().onCommit(unitOfWork -> delegate.storeToken(token, processorName, segment));
        } else {
            delegate.storeToken(token, processorName, segment);
        }
    }
}
