import {h, table} from './dom.js';
import {number, shortName, time} from './format.js';
import {href, part} from './links.js';

/**
 * Events as a table, one row each with a button that shows the event's metadata and pretty-printed payload in a
 * row below it.
 */
export function eventTable(caption, events, {token = true} = {}) {
    const columns = [token ? {text: 'Token', class: 'num'} : {text: 'Sequence', class: 'num'}, 'Time', 'Payload type',
        'Aggregate', token ? {text: 'Seq', class: 'num'} : 'Aggregate type', 'Message id', 'Details'];
    const rows = events.flatMap(event => eventRows(event, token, columns.length));
    return table(caption, columns, rows, {class: 'events'});
}

function eventRows(event, token, width) {
    const detailsRow = h('tr', {class: 'details', hidden: true}, h('td', {colspan: width}, details(event)));
    const toggle = h('button', {type: 'button', class: 'small secondary', 'aria-expanded': 'false',
        'aria-label': `Details of event ${event.messageId}`,
        onclick: () => {
            const open = detailsRow.hidden;
            detailsRow.hidden = !open;
            toggle.setAttribute('aria-expanded', String(open));
            toggle.textContent = open ? 'Hide' : 'Show';
        }}, 'Show');
    const row = h('tr', {'data-token': event.token, 'data-message-id': event.messageId},
        h('td', {class: 'num'}, token ? event.token : event.sequence),
        h('td', {}, time(event.timestamp)),
        h('td', {title: event.payloadType}, shortName(event.payloadType)),
        h('td', {class: 'mono'}, event.aggregateId
            ? h('a', {href: href('aggregates/' + part(event.aggregateId))}, event.aggregateId)
            : h('span', {class: 'muted'}, 'none')),
        h('td', {class: token ? 'num' : ''}, token ? (event.aggregateId ? number(event.sequence) : '') : event.aggregateType),
        h('td', {class: 'mono'}, event.messageId),
        h('td', {}, toggle));
    return [row, detailsRow];
}

/** An event's metadata and payload. */
export function details(event) {
    const metadata = Object.entries(event.metadata || {});
    return h('div', {class: 'detail-grid'},
        h('div', {},
            h('h3', {}, 'Metadata'),
            metadata.length === 0 ? h('p', {class: 'muted'}, 'none') : table(null, ['Key', 'Value'],
                metadata.map(([key, value]) => h('tr', {}, h('td', {class: 'mono'}, key), h('td', {class: 'mono'}, value)))),
            h('h3', {}, 'Event'),
            h('dl', {class: 'facts'},
                h('dt', {}, 'Payload type'), h('dd', {class: 'mono'}, event.payloadType + (event.payloadRevision ? ` (revision ${event.payloadRevision})` : '')),
                h('dt', {}, 'Aggregate'), h('dd', {class: 'mono'}, event.aggregateId
                    ? `${event.aggregateType} ${event.aggregateId} #${event.sequence}` : 'none'),
                h('dt', {}, 'Message id'), h('dd', {class: 'mono'}, event.messageId))),
        h('div', {},
            h('h3', {}, 'Payload'),
            h('pre', {class: 'payload'}, event.payload)));
}
