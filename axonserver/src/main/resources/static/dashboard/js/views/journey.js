import {get} from '../api.js';
import {badge, h, notice, problem, table} from '../dom.js';
import {details} from '../event-table.js';
import {millis, number, shortName, time} from '../format.js';
import {href, navigate, part} from '../links.js';
import {actOnSaga, nextDeadline, sagaActions} from './operations.js';

const REASONS = {
    AGGREGATE: 'aggregate id',
    ROUTING_KEY: 'routing key',
    METADATA: 'correlation metadata',
    PAYLOAD: 'payload',
    TRACE: 'same flow',
};

// Every command and event that carried an order id (or any correlation id) across services, in order.
export function render(main, {argument, parameters}) {
    const input = h('input', {type: 'text', id: 'journey-id', name: 'id', value: argument, size: 40,
        'aria-describedby': 'journey-help'});
    const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Follow a journey'},
        h('label', {for: 'journey-id'}, 'Order id or correlation id', input),
        h('button', {type: 'submit', id: 'follow'}, 'Follow'));
    form.addEventListener('submit', submitted => {
        submitted.preventDefault();
        navigate('journey/' + part(input.value.trim()));
    });
    const message = h('div', {'aria-live': 'polite'});
    const scope = h('div');
    const stuck = h('div', {id: 'journey-saga', 'aria-live': 'polite'});
    const steps = h('div', {id: 'journey-steps'});
    main.append(h('h1', {}, 'Journey'),
        h('p', {class: 'muted', id: 'journey-help'}, 'Every command and event that carried the id across services: '
            + 'the aggregate\'s events, messages whose payload or correlation metadata hold it, and the rest of '
            + 'their flows. Commands come from the server\'s in-memory journal of recently routed commands.'),
        form, message, scope, stuck, steps);
    if (!argument) {
        return;
    }
    showSaga(stuck, argument);
    const searched = parameters.get('window') || '';
    get('journey/' + encodeURIComponent(argument), {window: searched}).then(journey => {
        scope.replaceChildren(summary(journey, argument));
        steps.replaceChildren(journey.steps.length === 0
            ? notice(`Nothing carried '${journey.id}'.`)
            : table(null, ['#', 'Time', 'Kind', 'Message', 'Service', 'Detail', 'Found by', 'Details'],
                journey.steps.flatMap((step, index) => rows(step, index + 1)), {class: 'journey'}));
    }).catch(failure => message.replaceChildren(problem(failure.message)));
}

// Where the order waits, when its saga is still open: the step, since when, the next deadline, and the actions.
function showSaga(into, orderId) {
    const act = (id, action) => actOnSaga(id, action, text => into.append(notice(text)),
        failure => into.append(problem(failure.message)));
    get('operations/sagas/' + part(orderId)).then(saga => into.replaceChildren(
        h('section', {class: 'card', 'data-step': saga.step, 'aria-label': 'Open saga'},
            h('p', {}, 'Its saga waits in step ', badge(saga.step.toLowerCase(), 'warn'), ' since ', time(saga.since),
                '. Next deadline: ', nextDeadline(saga)),
            sagaActions(saga.orderId, act))))
        .catch(failure => {
            if (failure.status !== 404) {
                into.replaceChildren(h('p', {class: 'muted'}, 'Its saga could not be read: ' + failure.message));
            }
        });
}

function summary(journey, argument) {
    const commands = journey.steps.filter(step => step.kind === 'COMMAND').length;
    const events = journey.steps.length - commands;
    const searchedAll = journey.searchedFromToken === 0;
    return h('p', {class: 'notice', role: 'status'},
        `${commands} command${commands === 1 ? '' : 's'} and ${events} event${events === 1 ? '' : 's'}. `,
        searchedAll ? `Searched all ${number(journey.storedEvents)} stored events`
            : `Searched the newest ${number(journey.searchedToToken - journey.searchedFromToken + 1)} of `
            + `${number(journey.storedEvents)} events (and the aggregate's whole history)`,
        `; the command journal holds the last ${number(journey.journaledCommands)} of at most `
        + `${number(journey.commandJournalCapacity)} commands routed since the server started.`,
        journey.truncated ? ' More messages matched than are shown.' : '',
        !searchedAll ? [' ', h('a', {href: href('journey/' + part(argument), {window: '1000000'})},
            'Search up to a million events')] : '',
        traces(journey.traces));
}

// The distributed traces its events belong to: every service's spans, in the trace backend.
function traces(found) {
    if (found.length === 0) {
        return '';
    }
    return [' ', found.length === 1 ? 'Trace: ' : 'Traces: ', ...found.flatMap((trace, index) => [
        index === 0 ? '' : ', ',
        trace.url ? h('a', {href: trace.url, target: '_blank', rel: 'noopener', class: 'trace-link'}, trace.traceId)
            : h('code', {}, trace.traceId),
        trace.sampled ? null : h('span', {class: 'muted'}, ' (not sampled: no spans recorded)')])];
}

function rows(step, position) {
    const command = step.command;
    const event = step.event;
    const detailsRow = h('tr', {class: 'details', hidden: true}, h('td', {colspan: 8},
        event ? details(event) : commandDetails(command)));
    const toggle = h('button', {type: 'button', class: 'small secondary', 'aria-expanded': 'false',
        'aria-label': `Details of ${step.kind.toLowerCase()} ${step.messageId}`,
        onclick: () => {
            const open = detailsRow.hidden;
            detailsRow.hidden = !open;
            toggle.setAttribute('aria-expanded', String(open));
            toggle.textContent = open ? 'Hide' : 'Show';
        }}, 'Show');
    const row = h('tr', {'data-kind': step.kind, 'data-name': step.name, 'data-service': step.service || ''},
        h('td', {class: 'num'}, position),
        h('td', {}, time(step.time)),
        h('td', {}, step.kind === 'COMMAND' ? badge('command', 'kind-command') : badge('event', 'kind-event')),
        h('td', {title: step.name}, shortName(step.name)),
        h('td', {}, step.service || h('span', {class: 'muted'}, 'unknown')),
        h('td', {}, command ? commandSummary(command) : eventSummary(event)),
        h('td', {}, REASONS[step.reason] || step.reason),
        h('td', {}, toggle));
    return [row, detailsRow];
}

function commandSummary(command) {
    return [
        'sent by ', h('strong', {}, command.dispatcherComponent || 'unknown'),
        ' to ', h('strong', {}, command.handlerComponent || 'no handler'),
        ' · ', command.errorCode ? badge(command.errorCode, 'bad') : badge('ok', 'good'),
        ' ', h('span', {class: 'muted'}, millis(command.durationMillis)),
    ];
}

function eventSummary(event) {
    if (!event.aggregateId) {
        return h('span', {class: 'muted'}, `token ${number(event.token)}`);
    }
    return [event.aggregateType, ' ',
        h('a', {class: 'mono', href: href('aggregates/' + part(event.aggregateId))}, event.aggregateId),
        ` #${event.sequence}`, h('span', {class: 'muted'}, ` · token ${number(event.token)}`)];
}

function commandDetails(command) {
    const fact = (label, value) => [h('dt', {}, label), h('dd', {class: 'mono'}, value || '—')];
    return h('dl', {class: 'facts'},
        fact('Command', command.name),
        fact('Message id', command.messageId),
        fact('Routing key', command.routingKey),
        fact('Sent by', `${command.dispatcherComponent} (${command.dispatcherClientId})`),
        fact('Handled by', command.handlerComponent ? `${command.handlerComponent} (${command.handlerClientId})` : ''),
        fact('Received', time(command.receivedAt)),
        fact('Took', millis(command.durationMillis)),
        fact('Result', command.errorCode ? `${command.errorCode}: ${command.errorMessage}` : 'succeeded'),
        fact('Correlation id', command.correlationId),
        fact('Trace id', command.traceId));
}
