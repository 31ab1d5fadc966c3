package org.orderplatform.notification.deadletter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.orderplatform.support.security.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The dead-letter topic for operators ({@code /admin/**}): the records that wait, to resend or drop. */
@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;
    private final long retryAfterSeconds;

    DeadLetterController(DeadLetters deadLetters, DeadLetterSettings settings) {
        this.deadLetters = deadLetters;
        // Whole seconds, at least one.
        this.retryAfterSeconds = Math.max(1, (settings.retryAfter().toMillis() + 999) / 1000);
    }

    record Settlement(String id, SettledDeadLetter.Outcome outcome, String settledBy, Instant settledAt) {
    }

    @GetMapping("/admin/dead-letters")
    List<DeadLetter> waiting(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return deadLetters.waiting(limit);
    }

    @PostMapping("/admin/dead-letters/{id}/retry")
    ResponseEntity<Settlement> retry(@PathVariable String id) {
        return ResponseEntity.accepted().body(settlement(deadLetters.resend(id, Caller.current().subject())));
    }

    private static Settlement settlement(SettledDeadLetter settled) {
        return new Settlement(settled.id().toString(), settled.outcome(), settled.settledBy(), settled.settledAt());
    }

    /** Resends up to {@code limit} of the oldest records that wait: {@code 202} with what was resent. */
    @PostMapping("/admin/dead-letters/retry")
    ResponseEntity<List<Settlement>> retryAll(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return ResponseEntity.accepted().body(deadLetters.resendAll(Caller.current().subject(), limit).stream()
                .map(DeadLetterController::settlement).toList());
    }

    @DeleteMapping("/admin/dead-letters/{id}")
    ResponseEntity<Void> drop(@PathVariable String id) {
        deadLetters.drop(id, Caller.current().subject());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler({DeadLetterNotFoundException.class, DeadLetterNotResendableException.class})
    ProblemDetail refused(RuntimeException e) {
        HttpStatus status = e instanceof DeadLetterNotFoundException ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
        return ProblemDetail.forStatusAndDetail(status, e.getMessage());
    }

    @ExceptionHandler(DeadLettersUnavailableException.class)
    ResponseEntity<ProblemDetail> handle(DeadLettersUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "the dead letters cannot be reached now: " + e.getMessage()));
    }
}
