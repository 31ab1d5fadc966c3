package org.orderplatform.support.deadletter;

import com.mongodb.MongoException;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The operators' view of the dead letters, under {@code /admin}, which needs the operator role. */
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLetterController {

    private static final String RETRY_AFTER_SECONDS = "5";

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    List<DeadLetterView> list() {
        return deadLetters.list();
    }

    @PostMapping("/{id}/retry")
    RetryOutcome retry(@PathVariable String id) {
        return deadLetters.retry(id);
    }

    @PostMapping("/retry")
    List<RetryOutcome> retryAll() {
        return deadLetters.retryAll();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> evict(@PathVariable String id) {
        deadLetters.evict(id);
        return ResponseEntity.noContent().build();
    }

    /** The service's MongoDB out of reach: {@code 503}, to be asked again shortly; anything else is not ours. */
    @ExceptionHandler({MongoException.class, DataAccessException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        if (!TransientFailures.isTransient(e)) {
            throw e;
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "the dead letters cannot be read now: " + e.getMessage()));
    }

    /** {@code 404} for an unknown letter, {@code 409} for one whose sequence is being retried. */
    @ExceptionHandler({NoSuchDeadLetterException.class, DeadLetterBusyException.class})
    ProblemDetail refused(RuntimeException e) {
        HttpStatus status = e instanceof DeadLetterBusyException ? HttpStatus.CONFLICT : HttpStatus.NOT_FOUND;
        return ProblemDetail.forStatusAndDetail(status, e.getMessage());
    }
}
