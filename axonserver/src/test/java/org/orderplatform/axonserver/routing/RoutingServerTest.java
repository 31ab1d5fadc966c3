package org.orderplatform.axonserver.routing;

import org.orderplatform.axonserver.AxonServerApplication;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Starts the real server on free ports; all routing tests share one instance through Spring's context cache. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = AxonServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "axonserver.grpc-port=0",
                "axonserver.data-dir=target/routing-it-data",
                "axonserver.name=routing-it"
        })
public @interface RoutingServerTest {
}
