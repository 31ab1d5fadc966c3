package org.orderplatform.order.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** The body of {@code POST /orders}. */
record PlaceOrderRequest(@NotBlank @Size(max = 100) String customerId,
                         @NotBlank @Email @Size(max = 254) String customerEmail,
                         @NotEmpty @Size(max = 50) List<@Valid @NotNull Item> items,
                         @NotBlank @Size(max = 200) String paymentToken) {

    record Item(@NotBlank @Size(max = 100) String productId, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }
}
