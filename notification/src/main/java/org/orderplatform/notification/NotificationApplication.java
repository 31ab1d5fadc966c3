package org.orderplatform.notification;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationApplication {

    /** The configuration file is named after the service, so that services can share one JVM in tests. */
    public static final String CONFIG_NAME = "spring.config.name=notification";

    public static void main(String[] args) {
        new SpringApplicationBuilder(NotificationApplication.class).properties(CONFIG_NAME).run(args);
    }
}
