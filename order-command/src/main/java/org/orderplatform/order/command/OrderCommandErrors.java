package org.orderplatform.order.command;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Gives the order's refusals a code that travels with the error to whichever instance dispatched the command, so
 * that the web layer can answer 404, 409 or 403 without parsing messages.
 */
public class OrderCommandErrors implements MessageHandlerInterceptor<CommandMessage<?>> {

    public static final String ORDER_NOT_FOUND = "ORDER_NOT_FOUND";
    public static final String ORDER_FINAL = "ORDER_FINAL";
    public static final String ORDER_OF_ANOTHER_CUSTOMER = "ORDER_OF_ANOTHER_CUSTOMER";

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (AggregateNotFoundException e) {
            throw new CommandExecutionException("order " + e.getAggregateIdentifier() + " does not exist", e, ORDER_NOT_FOUND);
        } catch (OrderAlreadyFinalException e) {
            throw new CommandExecutionException(e.getMessage(), e, ORDER_FINAL);
        } catch (OrderOfAnotherCustomerException e) {
            throw new CommandExecutionException(e.getMessage(), e, ORDER_OF_ANOTHER_CUSTOMER);
        }
    }
}
