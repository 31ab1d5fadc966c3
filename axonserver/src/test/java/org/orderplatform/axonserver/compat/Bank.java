package org.orderplatform.axonserver.compat;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The messages of the small banking domain the compatibility tests run through the server. */
final class Bank {

    private Bank() {
    }

    record OpenAccountCommand(@TargetAggregateIdentifier String accountId, String owner) {
    }

    record DepositCommand(@TargetAggregateIdentifier String accountId, int amount) {
    }

    record AccountOpenedEvent(String accountId, String owner) {
    }

    record MoneyDepositedEvent(String accountId, int amount, int balance) {
    }

    record AuditCommand(String note) {
    }

    record FindBalanceQuery(String accountId) {
    }

    record WhoAnswersQuery() {
    }

    /** Tells handlers which application instance they run in, so tests can see where a message was routed. */
    record InstanceName(String value) {
    }
}
