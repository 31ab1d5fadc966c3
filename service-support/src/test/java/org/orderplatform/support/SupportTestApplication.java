package org.orderplatform.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A service in miniature: one endpoint taking a validated record. */
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
    }
}
