package org.orderplatform.support;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtLeastOnceTokenStoreTest {

    private static final String PROCESSOR = "OrderSagaProcessor";

    private final InMemoryTokenStore stored = new InMemoryTokenStore();
    private final TokenStore tokens = new AtLeastOnceTokenStore(stored);

    @BeforeEach
    void claimTheSegment() {
        tokens.initializeTokenSegments(PROCESSOR, 1, new GlobalSequenceTrackingToken(9));
        tokens.fetchToken(PROCESSOR, 0);
    }

    @Test
    void aBatchsTokenIsWrittenAfterWhatItsHandlersWriteAtCommit() {
        List<TrackingToken> tokensSeenBySagaWrites = new ArrayList<>();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("an event"));
        // The order of a processor's batch: its token first, then the sagas its handlers changed.
        batch.onPrepareCommit(unitOfWork -> tokens.storeToken(new GlobalSequenceTrackingToken(10), PROCESSOR, 0));
        batch.onPrepareCommit(unitOfWork -> tokensSeenBySagaWrites.add(stored.fetchToken(PROCESSOR, 0)));

        batch.commit();

        assertThat(tokensSeenBySagaWrites).containsExactly(new GlobalSequenceTrackingToken(9));
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(10));
    }

    @Test
    void aBatchWhoseWritesFailKeepsItsTokenSoItIsDeliveredAgain() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("an event"));
        batch.onPrepareCommit(unitOfWork -> tokens.storeToken(new GlobalSequenceTrackingToken(10), PROCESSOR, 0));
        batch.onPrepareCommit(unitOfWork -> {
            throw new IllegalStateException("the saga store went away");
        });

        assertThatThrownBy(batch::commit).hasMessage("the saga store went away");
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(9));
    }

    @Test
    void aTokenStoredOutsideABatchIsWrittenAtOnce() {
        tokens.storeToken(new GlobalSequenceTrackingToken(12), PROCESSOR, 0);

        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(12));
    }

    @Test
    void theServicesTokenStoreWritesLastWhenTheyCommitWithoutATransaction() {
        contexts().run(context -> assertThat(context.getBean(TokenStore.class)).isInstanceOf(AtLeastOnceTokenStore.class));
    }

    @Test
    void aTransactionManagerOfTheServiceKeepsAxonsOrder() {
        TransactionManager transactions = () -> NoTransactionManager.instance().startTransaction();
        contexts().withBean(TransactionManager.class, () -> transactions)
                .run(context -> assertThat(context.getBean(TokenStore.class))
                        .isInstanceOf(SharedIdentifierTokenStore.class));
    }

    private static ApplicationContextRunner contexts() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ServiceSupportAutoConfiguration.class))
                .withBean(TokenStore.class, InMemoryTokenStore::new);
    }
}
