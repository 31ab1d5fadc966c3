package org.orderplatform.bench;

import java.util.List;

/** What the audit of one rate's orders found: what it counted, and every rule the orders broke. */
record AuditVerdict(String summary, List<String> problems) {

    AuditVerdict {
        problems = List.copyOf(problems);
    }

    boolean passed() {
        return problems.isEmpty();
    }
}
