package org.orderplatform.api.order;

/** What an operator can do for an order whose saga is stuck. */
public enum OrderIntervention {
    /** Send again what the current step waits for, as the step's next retry would. */
    RETRY_STEP,
    /** Take the current step's outcome now, as if its time limit had passed: stock given up, payment settled. */
    EXPIRE_STEP,
    /** Cancel the order: stock is released and a charge refunded. */
    COMPENSATE
}
