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

    /**
     * The outcome of the charge made with this key, decided now: a charge the provider answered keeps its answer,
     * and one it never made, or has not finished, is closed as {@link ChargeOutcome.NeverCharged}, so no later call
     * with the key charges.
     *
     * @throws TransientProviderException when the provider could not answer now and the same call may succeed later
     */
    ChargeOutcome settle(PaymentId idempotencyKey);

    /** Pays a completed charge back in full. */
    void refund(PaymentId idempotencyKey, String chargeReference, Money amount);
}
