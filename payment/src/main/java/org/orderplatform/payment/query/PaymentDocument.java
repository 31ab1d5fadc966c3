package org.orderplatform.payment.query;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The read model of one order's payment, keyed by order id as clients ask for it. */
@Document("payments")
record PaymentDocument(@Id String orderId, String paymentId, String status, String amount, String currency,
                       String reason) {
}
