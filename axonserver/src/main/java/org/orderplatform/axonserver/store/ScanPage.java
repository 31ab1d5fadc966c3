package org.orderplatform.axonserver.store;

import java.util.List;

/**
 * One page of a scan over the log.
 *
 * @param events    the matches found, in token order
 * @param nextToken where the next page continues
 * @param complete  true when the scan reached the end of the log
 */
public record ScanPage(List<StoredEvent> events, long nextToken, boolean complete) {
}
