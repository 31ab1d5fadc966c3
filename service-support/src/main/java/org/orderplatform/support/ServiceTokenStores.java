package org.orderplatform.support;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes every token store of a service one that instances can start on together ({@link SharedIdentifierTokenStore}),
 * and an {@link AtLeastOnceTokenStore} besides when its units of work commit without a transaction; a service that
 * configures a real transaction keeps Axon's order, where the token commits with the rest.
 */
final class ServiceTokenStores implements BeanPostProcessor, BeanFactoryAware {

    private BeanFactory beans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof TokenStore tokens) || bean instanceof DelegatingTokenStore) {
            return bean;
        }
        TokenStore shared = new SharedIdentifierTokenStore(tokens);
        return withoutTransactions() ? new AtLeastOnceTokenStore(shared) : shared;
    }

    private boolean withoutTransactions() {
        TransactionManager transactions = beans.getBeanProvider(TransactionManager.class)
                .getIfUnique(NoTransactionManager::instance);
        return transactions instanceof NoTransactionManager;
    }
}
