package org.orderplatform.api.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.orderplatform.api.common.Require;

import java.util.UUID;

/**
 * Identifies an order across every context. Serialized as its raw value; {@link #toString()} is that value, as Axon keys
 * aggregates and associations by it.
 */
public record OrderId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderId {
        Require.nonBlank(value, "orderId");
    }

    public static OrderId generate() {
        return new OrderId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
