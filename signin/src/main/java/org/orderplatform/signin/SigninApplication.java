package org.orderplatform.signin;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class SigninApplication {

    /** The configuration file is named after the service, so that services can share one JVM in tests. */
    public static final String CONFIG_NAME = "spring.config.name=signin";

    public static void main(String[] args) {
        new SpringApplicationBuilder(SigninApplication.class).properties(CONFIG_NAME).run(args);
    }
}
