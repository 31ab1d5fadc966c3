package org.orderplatform.support;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;

import java.util.Optional;

/**
 * A token store that instances of a service can start on together while it is empty. Each finds no identifier and
 * inserts one (as axon-mongo's store does: find, then insert); all but the first are refused by the unique index, and
 * asked once more they read the identifier the first one stored. Without the second ask, such an instance fails to
 * start.
 */
public final class SharedIdentifierTokenStore extends DelegatingTokenStore {

    public SharedIdentifierTokenStore(TokenStore delegate) {
        super(delegate);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        try {
            return delegate.retrieveStorageIdentifier();
        } catch (UnableToRetrieveIdentifierException anotherInstanceStoredOneFirst) {
            return delegate.retrieveStorageIdentifier();
        }
    }
}
