package org.orderplatform.order.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderQueryApplication {

    /** The configuration file is named after the service, so that services can share one JVM in tests. */
    public static final String CONFIG_NAME = "spring.config.name=order-query";

    public static void main(String[] args) {
        new SpringApplicationBuilder(OrderQueryApplication.class).properties(CONFIG_NAME).run(args);
    }
}
