package org.orderplatform.axonserver.api;

import org.orderplatform.axonserver.trends.TrendPoint;
import org.orderplatform.axonserver.trends.Trends;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The server's recent figures, sampled at a fixed interval, for the dashboard's charts. */
@RestController
@RequestMapping("/v1")
class TrendsController {

    private final Trends trends;

    TrendsController(Trends trends) {
        this.trends = trends;
    }

    /** @param intervalMillis the time between two points */
    record TrendSeries(long intervalMillis, List<TrendPoint> points) {
    }

    @GetMapping("/trends")
    TrendSeries trends() {
        return new TrendSeries(trends.settings().interval().toMillis(), trends.points());
    }
}
