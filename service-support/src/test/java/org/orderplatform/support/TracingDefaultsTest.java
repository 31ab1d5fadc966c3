package org.orderplatform.support;

import org.junit.jupiter.api.Test;
import org.orderplatform.support.tracing.TracingDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracing every service gets without a word of its own configuration, and that its configuration overrides. */
class TracingDefaultsTest {

    @Test
    void aServiceWithoutTracingSettingsSamplesOneInTenAndSendsToTheLocalBackendPatiently() {
        StandardEnvironment environment = withDefaults(Map.of());

        assertThat(environment.getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(0.1);
        assertThat(environment.getProperty("management.zipkin.tracing.endpoint"))
                .isEqualTo("http://localhost:9411/api/v2/spans");
        assertThat(environment.getProperty("management.zipkin.tracing.read-timeout")).isEqualTo("20s");
        assertThat(environment.getProperty("management.observations.enable.spring.security")).isEqualTo("false");
    }

    @Test
    void theEnvironmentAndTheServicesOwnConfigurationComeFirst() {
        StandardEnvironment environment = withDefaults(Map.of("ZIPKIN_URL", "http://zipkin:9411",
                "management.tracing.sampling.probability", "1.0"));

        assertThat(environment.getProperty("management.zipkin.tracing.endpoint"))
                .isEqualTo("http://zipkin:9411/api/v2/spans");
        assertThat(environment.getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(1.0);
    }

    private static StandardEnvironment withDefaults(Map<String, Object> own) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("own", own));
        new TracingDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
