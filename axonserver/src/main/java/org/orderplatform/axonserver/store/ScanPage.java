package org.orderplatform.axonserver.store;

import java.util.List;

/**
 * One page of a scan over the log.
 *
 * @param events    the matches found, in the order scanned
 * @param nextToken where the next page continues: the first token to look at when scanning oldest first, the token
 *                  to stay below when scanning newest first
 * @param complete  true when the scan reached the end of the log (or of the aggregate) in its direction
 */
public record ScanPage(List<StoredEvent> events, long nextToken, boolean complete) {
}
