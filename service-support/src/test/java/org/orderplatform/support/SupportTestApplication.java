package org.orderplatform.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.orderplatform.support.security.Caller;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A service in miniature: one endpoint taking a validated record, one a customer's own, one for operators. */
@SpringBootConfiguration
@EnableAutoConfiguration
class SupportTestApplication {

    record Greeting(@NotBlank String name, @Positive int times) {
        Greeting {
            if ("nobody".equals(name)) {
                throw new IllegalArgumentException("name must be somebody");
            }
        }
    }

    @RestController
    static class GreetingController {

        @PostMapping("/greetings")
        String greet(@Valid @RequestBody Greeting greeting) {
            return ("hello " + greeting.name() + " ").repeat(greeting.times()).trim();
        }

        @GetMapping("/customers/{customerId}/greeting")
        String greetingOf(@PathVariable String customerId) {
            Caller.current().requireActingFor(customerId, "customer " + customerId + "'s greeting");
            return "hello " + customerId;
        }

        @GetMapping("/admin/greetings")
        String greetingsSent() {
            return "3 greetings";
        }
    }
}
