package org.orderplatform.support;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SharedIdentifierTokenStoreTest {

    @Test
    void anInstanceRefusedTheIdentifierAnotherStoredFirstReadsThatOne() {
        InMemoryTokenStore sharedStore = new InMemoryTokenStore();
        String storedFirst = sharedStore.retrieveStorageIdentifier().orElseThrow();
        // As MongoTokenStore answers when the unique index refuses its insert of an identifier another just stored.
        TokenStore lostTheRace = new InMemoryTokenStore() {
            private boolean refused;

            @Override
            public Optional<String> retrieveStorageIdentifier() {
                if (!refused) {
                    refused = true;
                    throw new UnableToRetrieveIdentifierException("duplicate key", new IllegalStateException("E11000"));
                }
                return Optional.of(storedFirst);
            }
        };

        assertThat(new SharedIdentifierTokenStore(lostTheRace).retrieveStorageIdentifier()).contains(storedFirst);
    }
}
