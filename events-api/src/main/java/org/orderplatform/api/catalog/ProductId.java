package org.orderplatform.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.orderplatform.api.common.Require;

import java.util.UUID;

/**
 * Identifies a product in the catalog. Serialized as its raw value; {@link #toString()} is that value, as Axon keys
 * aggregates and associations by it.
 */
public record ProductId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ProductId {
        Require.nonBlank(value, "productId");
    }

    public static ProductId generate() {
        return new ProductId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
