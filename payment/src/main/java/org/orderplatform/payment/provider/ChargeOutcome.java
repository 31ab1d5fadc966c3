package org.orderplatform.payment.provider;

/** The provider's final answer to a charge. */
public sealed interface ChargeOutcome {

    record Charged(String chargeReference) implements ChargeOutcome {
    }

    record Declined(String reason) implements ChargeOutcome {
    }
}
