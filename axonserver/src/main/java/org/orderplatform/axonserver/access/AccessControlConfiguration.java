package org.orderplatform.axonserver.access;

import org.orderplatform.axonserver.AxonServerProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Access control for both ports. An open server (no access token) listens on loopback only: reachable from other
 * hosts, it would let anyone read and append events and route commands. {@link AccessControl} is created with the
 * other beans, and the ports listen only once the context has started, so a server that would be open beyond
 * loopback stops before either listens, and Spring Boot reports the offending setting.
 */
@Configuration(proxyBeanMethods = false)
class AccessControlConfiguration {

    @Bean
    AccessControl accessControl(AxonServerProperties properties, ServerProperties http) {
        AccessControl accessControl = new AccessControl(properties.accessToken());
        if (!accessControl.required()) {
            requireLoopback("axonserver.address", "gRPC", properties.address(), isLoopbackOnly(properties.address()));
            // Without an address Tomcat listens on every interface.
            InetAddress httpAddress = http.getAddress();
            requireLoopback("server.address", "HTTP",
                    httpAddress == null ? "every interface" : httpAddress.getHostAddress(),
                    httpAddress != null && httpAddress.isLoopbackAddress());
        }
        return accessControl;
    }

    private static void requireLoopback(String property, String port, String address, boolean loopback) {
        if (!loopback) {
            throw new InvalidConfigurationPropertyValueException(property, address, String.format(
                    "The %s port would listen on %s, beyond loopback, without an access token. Set "
                            + "AXONSERVER_ACCESS_TOKEN (axonserver.access-token) to the token clients must present, "
                            + "or listen on 127.0.0.1 (AXONSERVER_ADDRESS).", port, address));
        }
    }

    /** Whether every address the host name stands for is a loopback one; a name that does not resolve is not. */
    private static boolean isLoopbackOnly(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
