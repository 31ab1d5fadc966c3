package org.orderplatform.api.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.orderplatform.api.common.Require;

/**
 * Identifies the customer who places orders. Serialized as its raw value; {@link #toString()} is that value, as Axon keys
 * aggregates and associations by it.
 */
public record CustomerId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CustomerId {
        Require.nonBlank(value, "customerId");
    }

    @Override
    public String toString() {
        return value;
    }
}
