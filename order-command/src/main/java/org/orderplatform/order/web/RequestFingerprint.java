package org.orderplatform.order.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A digest of what a request asks for, to tell a retry of the same request from a different one. */
final class RequestFingerprint {

    private RequestFingerprint() {
    }

    static String of(PlaceOrderRequest request) {
        StringBuilder canonical = new StringBuilder()
                .append(request.customerId()).append('\n')
                .append(request.customerEmail()).append('\n')
                .append(request.paymentToken()).append('\n');
        request.items().forEach(item -> canonical.append(item.productId()).append('=').append(item.quantity()).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
