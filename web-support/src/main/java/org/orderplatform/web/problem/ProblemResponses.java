package org.orderplatform.web.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.orderplatform.web.ProblemWriter;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Every answer of a server as {@code application/problem+json}, including those no controller gives: Tomcat's own
 * refusals, Boot's error page, and Spring Security's firewall. A server imports it; Boot's error controller stands
 * back.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemResponses {

    @Bean
    ProblemErrorController problemErrorController(ObjectMapper json) {
        return new ProblemErrorController(new ProblemWriter(json));
    }

    /** The firewall's refusal (an encoded dot, a double slash, a semicolon) with its reason, not a bare 400. */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler(ObjectMapper json) {
        ProblemWriter problems = new ProblemWriter(json);
        return (request, response, rejected) -> problems.write(response,
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, rejected.getMessage()));
    }

    @Bean
    ProblemReportValveInstaller problemReportValveInstaller() {
        return new ProblemReportValveInstaller();
    }

    /** Last of the customizers: Boot's own adds an HTML report valve, which this one replaces. */
    static class ProblemReportValveInstaller
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                // Also what the host would add at its start were no report valve there.
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                host.getPipeline().addValve(new ProblemErrorReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
