package org.orderplatform.axonserver.compat;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.orderplatform.axonserver.compat.Bank.AccountOpenedEvent;
import org.orderplatform.axonserver.compat.Bank.DepositCommand;
import org.orderplatform.axonserver.compat.Bank.InstanceName;
import org.orderplatform.axonserver.compat.Bank.MoneyDepositedEvent;
import org.orderplatform.axonserver.compat.Bank.OpenAccountCommand;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An event-sourced aggregate whose command handlers answer with the instance that handled them. */
public class Account {

    @AggregateIdentifier
    private String accountId;
    private int balance;

    Account() {
    }

    @CommandHandler
    Account(OpenAccountCommand command) {
        apply(new AccountOpenedEvent(command.accountId(), command.owner()));
    }

    @CommandHandler
    String handle(DepositCommand command, InstanceName instance) {
        if (command.amount() <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + command.amount());
        }
        apply(new MoneyDepositedEvent(accountId, command.amount(), balance + command.amount()));
        return instance.value();
    }

    int balance() {
        return balance;
    }

    @EventSourcingHandler
    void on(AccountOpenedEvent event) {
        accountId = event.accountId();
    }

    @EventSourcingHandler
    void on(MoneyDepositedEvent event) {
        balance = event.balance();
    }
}
