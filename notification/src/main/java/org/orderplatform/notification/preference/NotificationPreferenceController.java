package org.orderplatform.notification.preference;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.orderplatform.support.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NotificationPreferenceController {

    private final NotificationPreferences preferences;

    NotificationPreferenceController(NotificationPreferences preferences) {
        this.preferences = preferences;
    }

    record PreferenceRequest(@NotNull Boolean emailEnabled) {
    }

    record PreferenceView(String customerId, boolean emailEnabled) {
    }

    @GetMapping("/customers/{customerId}/notification-preferences")
    PreferenceView get(@PathVariable String customerId) {
        requireActingFor(customerId);
        return new PreferenceView(customerId, preferences.emailEnabled(customerId));
    }

    @PutMapping("/customers/{customerId}/notification-preferences")
    PreferenceView put(@PathVariable String customerId, @Valid @RequestBody PreferenceRequest request) {
        requireActingFor(customerId);
        preferences.setEmailEnabled(customerId, request.emailEnabled());
        return new PreferenceView(customerId, request.emailEnabled());
    }

    private static void requireActingFor(String customerId) {
        Caller.current().requireActingFor(customerId, "customer " + customerId + "'s notification preference");
    }
}
