package org.orderplatform.axonserver.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard: static pages under {@code /dashboard/} (from {@code static/dashboard/} on the classpath) that read
 * the JSON API under {@code /v1}. The HTTP port's root leads to it, as Axon Server's own dashboard does.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {

    static final String HOME = "/dashboard/";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", HOME);
        registry.addRedirectViewController("/dashboard", HOME);
        registry.addViewController(HOME).setViewName("forward:" + HOME + "index.html");
    }
}
