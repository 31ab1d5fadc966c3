import {del, get, post} from '../api.js';
import {badge, h, notice, problem, table} from '../dom.js';
import {duration, shortName, time} from '../format.js';
import {href, navigate, part} from '../links.js';
import {refreshing} from '../refresh.js';

export const STEPS = ['STOCK', 'PAYMENT', 'CONFIRMATION', 'RELEASE', 'REFUND'];

// What an operator can do for a stuck order; each goes to order-command as a command the order's history records.
export const SAGA_ACTIONS = [
    {action: 'retry', label: 'Retry step', help: 'Send again what the step waits for'},
    {action: 'expire', label: 'Fire deadline', help: 'Take the step\'s outcome now, as if its time were up'},
    {action: 'compensate', label: 'Compensate', help: 'Cancel the order: release its stock, refund a charge',
        confirm: 'Cancel order {id}? Its stock is released and a charge refunded.'},
];

// The order platform's failures in one place: stuck order sagas with their deadlines, and the dead letters of every
// service that keeps them, each with its actions.
export function render(main, {parameters}) {
    const step = parameters.get('step') || '';
    const olderThan = parameters.get('olderThan') || '';
    const stepSelect = h('select', {id: 'saga-step', name: 'step'},
        h('option', {value: ''}, 'any step'),
        STEPS.map(name => h('option', {value: name, selected: name === step}, name.toLowerCase())));
    const ageInput = h('input', {type: 'text', id: 'saga-age', name: 'olderThan', value: olderThan, size: 8,
        placeholder: '5m'});
    const filters = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter stuck orders'},
        h('label', {for: 'saga-step'}, 'Step', stepSelect),
        h('label', {for: 'saga-age'}, 'Started longer ago than', ageInput),
        h('button', {type: 'submit', id: 'filter-sagas'}, 'Filter'));
    filters.addEventListener('submit', submitted => {
        submitted.preventDefault();
        navigate('operations', {step: stepSelect.value, olderThan: ageInput.value.trim()});
    });
    const message = h('div', {'aria-live': 'polite', id: 'operations-message'});
    const sagas = h('div', {id: 'sagas'});
    const due = h('div', {id: 'deadlines'});
    const letters = h('div', {id: 'dead-letters'});
    main.append(h('h1', {}, 'Operations'), message,
        h('h2', {}, 'Stuck orders'),
        h('p', {class: 'muted'}, 'Open order sagas, oldest first, with the step each waits in. '
            + 'Every action is a command on the order, so its journey shows who did what.'),
        filters, sagas,
        h('h2', {}, 'Deadlines due soonest'), due,
        h('h2', {}, 'Dead letters'),
        h('p', {class: 'muted'}, 'Events a service\'s event processor or Kafka consumer could not handle, parked '
            + 'with their cause; later events of the same order wait behind them.'),
        letters);

    const say = text => message.replaceChildren(notice(text));
    const fail = failure => message.replaceChildren(problem(failure.message));

    const act = (orderId, action) => actOnSaga(orderId, action, say, fail);

    async function actOnLetter(service, letter, action) {
        try {
            if (action === 'evict') {
                if (!window.confirm(`Drop the dead letter ${letter.id} of ${service}? Its event is not handled again.`)) {
                    return;
                }
                await del(`operations/dead-letters/${part(service)}/${part(letter.id)}`);
                say(`Dropped ${letter.id} from ${service}.`);
            } else {
                const outcome = await post(`operations/dead-letters/${part(service)}/${part(letter.id)}/retry`);
                say(outcome && outcome.succeeded === false
                    ? `Retried ${letter.id} on ${service}: it failed again and stays parked.`
                    : `Retried ${letter.id} on ${service}.`);
            }
        } catch (failure) {
            fail(failure);
        }
    }

    async function retryAll(service) {
        try {
            await post(`operations/dead-letters/${part(service)}/retry`);
            say(`Retried every dead letter of ${service}.`);
        } catch (failure) {
            fail(failure);
        }
    }

    const stopSagas = refreshing(2000, () => get('operations/sagas', {step, olderThan}), open => {
        sagas.replaceChildren(open.length === 0
            ? notice('No order saga is open' + (step || olderThan ? ' that matches.' : '.'))
            : table(`${open.length} open saga${open.length === 1 ? '' : 's'}`,
                ['Order', 'Step', 'Waiting', 'Next deadline', 'Actions'],
                open.map(saga => h('tr', {'data-order': saga.orderId, 'data-step': saga.step},
                    h('td', {class: 'mono'}, h('a', {href: href('journey/' + part(saga.orderId))}, saga.orderId)),
                    h('td', {}, badge(saga.step.toLowerCase(), 'warn')),
                    h('td', {}, waited(saga.since), h('div', {class: 'muted'}, time(saga.since))),
                    h('td', {}, nextDeadline(saga)),
                    h('td', {}, sagaActions(saga.orderId, act))))));
        const deadlines = open.flatMap(saga => saga.deadlines.map(deadline => ({...deadline, orderId: saga.orderId})))
            .sort((one, other) => one.dueAt.localeCompare(other.dueAt)).slice(0, 20);
        due.replaceChildren(deadlines.length === 0
            ? notice('No deadline is pending.')
            : table(null, ['Due', 'In', 'Deadline', 'Order'], deadlines.map(deadline =>
                h('tr', {'data-order': deadline.orderId},
                    h('td', {}, time(deadline.dueAt)),
                    h('td', {}, dueIn(deadline.dueAt)),
                    h('td', {}, deadline.name),
                    h('td', {class: 'mono'}, h('a', {href: href('journey/' + part(deadline.orderId))},
                        deadline.orderId))))));
    }, failure => sagas.replaceChildren(problem(failure.message)));

    const stopLetters = refreshing(2000, () => get('operations/dead-letters'), services => {
        letters.replaceChildren(services.length === 0
            ? notice('No configured service keeps dead letters (axonserver.suite.services).')
            : h('div', {}, services.map(service => letterCard(service, actOnLetter, retryAll))));
    }, failure => letters.replaceChildren(problem(failure.message)));

    return () => {
        stopSagas();
        stopLetters();
    };
}

/** Takes one saga action, once confirmed where it asks to be; says what became of it. */
export async function actOnSaga(orderId, {action, label, confirm}, say, fail) {
    if (confirm && !window.confirm(confirm.replace('{id}', orderId))) {
        return;
    }
    try {
        const done = await post(`operations/sagas/${part(orderId)}/${action}`);
        say(`${label}: recorded for order ${orderId} by ${done.operator}; its saga acts on it now.`);
    } catch (failure) {
        fail(failure);
    }
}

/** The buttons of the saga actions for one order. */
export function sagaActions(orderId, act) {
    return h('div', {class: 'actions'}, SAGA_ACTIONS.map(action =>
        h('button', {type: 'button', class: action.action === 'compensate' ? 'small' : 'small secondary',
            'data-action': action.action, title: action.help, onclick: () => act(orderId, action)}, action.label)));
}

export function nextDeadline(saga) {
    const next = [...saga.deadlines].sort((one, other) => one.dueAt.localeCompare(other.dueAt))[0];
    return next ? [dueIn(next.dueAt), h('div', {class: 'muted'}, `${next.name} · ${time(next.dueAt)}`)]
        : h('span', {class: 'muted'}, 'none');
}

function waited(since) {
    return duration(Math.max(0, Date.now() - Date.parse(since)));
}

function dueIn(dueAt) {
    const left = Date.parse(dueAt) - Date.now();
    return left <= 0 ? badge('overdue ' + duration(-left), 'bad') : 'in ' + duration(left);
}

function letterCard(service, act, retryAll) {
    const id = `dead-letters-${service.service}`;
    const heading = h('h3', {id}, service.service, ' ');
    if (!service.available) {
        return h('section', {class: 'card', 'data-service': service.service, 'aria-labelledby': id},
            heading, problem(service.detail));
    }
    const byProcessor = new Map();
    for (const letter of service.deadLetters) {
        byProcessor.set(letter.processor, (byProcessor.get(letter.processor) || 0) + 1);
    }
    heading.append(badge(`${service.deadLetters.length} dead letter${service.deadLetters.length === 1 ? '' : 's'}`,
        service.deadLetters.length === 0 ? 'good' : 'bad'));
    return h('section', {class: 'card', 'data-service': service.service, 'aria-labelledby': id},
        heading,
        byProcessor.size > 0 ? h('p', {class: 'muted'}, [...byProcessor].map(([processor, count]) =>
            `${processor}: ${count}`).join(' · ')) : null,
        service.deadLetters.length === 0 ? notice('None.') : [
            h('div', {class: 'actions'}, h('button', {type: 'button', class: 'small secondary',
                'data-action': 'retry-all', onclick: () => retryAll(service.service)}, 'Retry all')),
            table(null, ['Processor', 'Event', 'Aggregate', 'Cause', 'Attempts', 'Parked', 'Actions'],
                service.deadLetters.map(letter => h('tr', {'data-letter': letter.id},
                    h('td', {}, letter.processor),
                    h('td', {title: letter.eventType}, shortName(letter.eventType)),
                    h('td', {class: 'mono'}, letter.aggregateId
                        ? h('a', {href: href('journey/' + part(letter.aggregateId))}, letter.aggregateId) : ''),
                    h('td', {}, letter.cause || ''),
                    h('td', {class: 'num'}, letter.attempts ?? ''),
                    h('td', {}, time(letter.enqueuedAt || letter.deadLetteredAt)),
                    h('td', {}, h('div', {class: 'actions'},
                        h('button', {type: 'button', class: 'small secondary', 'data-action': 'retry',
                            onclick: () => act(service.service, letter, 'retry')}, 'Retry'),
                        h('button', {type: 'button', class: 'small secondary', 'data-action': 'evict',
                            onclick: () => act(service.service, letter, 'evict')}, 'Drop'))))))]);
}
