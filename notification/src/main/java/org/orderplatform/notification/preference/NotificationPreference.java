package org.orderplatform.notification.preference;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A customer's choice; a customer without one gets emails. */
@Document("notification_preferences")
record NotificationPreference(@Id String customerId, boolean emailEnabled, Instant updatedAt) {
}
