package org.orderplatform.notification.preference;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;

@Component
public class NotificationPreferences {

    private final MongoTemplate mongo;
    private final Clock clock;

    NotificationPreferences(MongoTemplate mongo) {
        this.mongo = mongo;
        this.clock = Clock.systemUTC();
    }

    public boolean emailEnabled(String customerId) {
        NotificationPreference preference = mongo.findById(customerId, NotificationPreference.class);
        return preference == null || preference.emailEnabled();
    }

    void setEmailEnabled(String customerId, boolean enabled) {
        mongo.save(new NotificationPreference(customerId, enabled, clock.instant()));
    }
}
