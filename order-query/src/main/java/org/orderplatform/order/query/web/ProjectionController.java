package org.orderplatform.order.query.web;

import org.orderplatform.order.query.replay.ProjectionStatus;
import org.orderplatform.order.query.replay.Projections;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

@RestController
@RequestMapping("/admin/projections")
class ProjectionController {

    private final Projections projections;

    ProjectionController(Projections projections) {
        this.projections = projections;
    }

    @GetMapping
    List<ProjectionStatus> list() {
        return projections.statuses();
    }

    @GetMapping("/{name}")
    ResponseEntity<?> status(@PathVariable String name) {
        return projections.status(name)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> unknown(name));
    }

    @PostMapping("/{name}/replay")
    ResponseEntity<?> replay(@PathVariable String name) {
        return projections.replay(name)
                .<ResponseEntity<?>>map(request -> request.started()
                        ? ResponseEntity.accepted().location(URI.create("/admin/projections/" + name)).body(request.status())
                        : ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONFLICT, "a replay of projection " + name + " is running already")))
                .orElseGet(() -> unknown(name));
    }

    private static ResponseEntity<ProblemDetail> unknown(String name) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no projection named " + name));
    }
}
