package org.orderplatform.payment.provider;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.payment.PaymentId;

/**
 * The card processor. Every call carries the payment id as its idempotency key: calling again with the same key
 * returns the first answer and never charges or refunds twice.
 */
public interface PaymentProvider {

    /**
     * Charges the amount to the card the token stands for.
     *
     * @throws TransientProviderException when the provider could not answer now and the same call may succeed later
     */
    ChargeOutcome charge(PaymentId idempotencyKey, Money amount, String paymentToken);

    /** Pays a completed charge back in full. */
    void refund(PaymentId idempotencyKey, String chargeReference, Money amount);
}
