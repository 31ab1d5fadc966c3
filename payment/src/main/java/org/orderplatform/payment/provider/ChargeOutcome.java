package org.orderplatform.payment.provider;

/** The provider's final answer to a charge, the same for every later call with its idempotency key. */
public sealed interface ChargeOutcome {

    record Charged(String chargeReference) implements ChargeOutcome {
    }

    record Declined(String reason) implements ChargeOutcome {
    }

    /** The key was settled before any charge with it was made: none was, and none will be. */
    record NeverCharged() implements ChargeOutcome {
    }
}
