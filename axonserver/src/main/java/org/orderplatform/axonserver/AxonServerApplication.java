package org.orderplatform.axonserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AxonServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(AxonServerApplication.class, args);
    }
}
