import {get} from '../api.js';
import {h, notice, problem} from '../dom.js';
import {eventTable} from '../event-table.js';
import {number} from '../format.js';
import {navigate} from '../links.js';
import {refreshing} from '../refresh.js';

const FILTERS = ['aggregateId', 'payloadType', 'from', 'to', 'order', 'limit'];

// The filters live in the URL, so a search can be bookmarked and shared; paging keeps the cursors of the pages
// before, so Previous needs no scan backwards.
export function render(main, {parameters}) {
    const filters = Object.fromEntries(FILTERS.map(name => [name, parameters.get(name) || '']));
    const filtered = ['aggregateId', 'payloadType', 'from', 'to'].some(name => filters[name]);
    const message = h('div', {'aria-live': 'polite'});
    const results = h('div', {id: 'event-results'});
    const pager = h('div', {class: 'pager'});
    const types = h('datalist', {id: 'payload-types'});
    const live = h('input', {type: 'checkbox', id: 'live', checked: !filtered && filters.order !== 'oldest'});
    main.append(h('h1', {}, 'Events'), searchForm(filters, types, live), message, results, pager);

    get('payload-types').then(list => types.replaceChildren(...list.payloadTypes.map(type => h('option', {value: type}))))
        .catch(() => {});

    const cursors = [];
    let stopLive = () => {};

    async function load(after) {
        return get('events', {...filters, after});
    }

    function show(page, after) {
        message.replaceChildren();
        if (page.events.length === 0) {
            results.replaceChildren(notice(page.next
                ? 'No match among the events looked at so far; continue to search older events.'
                : 'No events match.'));
        } else {
            results.replaceChildren(eventTable(null, page.events));
        }
        const previous = h('button', {type: 'button', class: 'secondary', disabled: cursors.length === 0,
            onclick: () => open(cursors.pop(), true)}, 'Previous page');
        const next = h('button', {type: 'button', class: 'secondary', disabled: !page.next, id: 'next-page',
            onclick: () => {
                cursors.push(after);
                open(page.next, false);
            }}, page.events.length === 0 && page.next ? 'Continue searching' : 'Next page');
        const where = page.events.length > 0
            ? `tokens ${number(page.events[0].token)} to ${number(page.events[page.events.length - 1].token)}`
            : '';
        pager.replaceChildren(previous, next, h('span', {class: 'muted'}, where));
    }

    async function open(after, keepLive) {
        stopLive();
        stopLive = () => {};
        if (keepLive && live.checked && !after) {
            stopLive = refreshing(2000, () => load(), page => show(page, undefined), fail);
            return;
        }
        try {
            show(await load(after), after);
        } catch (failure) {
            fail(failure);
        }
    }

    function fail(failure) {
        results.replaceChildren();
        pager.replaceChildren();
        message.replaceChildren(problem(failure.message));
    }

    live.addEventListener('change', () => {
        cursors.length = 0;
        open(undefined, true);
    });
    open(undefined, true);
    return () => stopLive();
}

function searchForm(filters, types, live) {
    const field = (name, label, attributes = {}) => h('label', {for: 'filter-' + name}, label,
        h('input', {type: 'text', id: 'filter-' + name, name, value: filters[name], ...attributes}));
    const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Search events'},
        field('aggregateId', 'Aggregate id'),
        field('payloadType', 'Payload type', {list: 'payload-types', size: 40}),
        types,
        field('from', 'From (ISO-8601)', {placeholder: '2026-01-31T12:00:00Z'}),
        field('to', 'To (ISO-8601)', {placeholder: '2026-01-31T13:00:00Z'}),
        h('label', {for: 'filter-order'}, 'Order', h('select', {id: 'filter-order', name: 'order'},
            h('option', {value: 'newest', selected: filters.order !== 'oldest'}, 'Newest first'),
            h('option', {value: 'oldest', selected: filters.order === 'oldest'}, 'Oldest first'))),
        h('label', {for: 'filter-limit'}, 'Page size', h('select', {id: 'filter-limit', name: 'limit'},
            ['25', '50', '100', '250', '500'].map(size => h('option', {value: size,
                selected: (filters.limit || '50') === size}, size)))),
        h('button', {type: 'submit', id: 'search'}, 'Search'),
        h('button', {type: 'button', class: 'secondary', onclick: () => navigate('events')}, 'Clear'),
        h('label', {class: 'inline', for: 'live'}, live, 'Live: show new events as they arrive'));
    form.addEventListener('submit', submitted => {
        submitted.preventDefault();
        const data = new FormData(form);
        const chosen = Object.fromEntries(FILTERS.map(name => [name, (data.get(name) || '').trim()]));
        if (chosen.limit === '50') {
            chosen.limit = '';
        }
        if (chosen.order === 'newest') {
            chosen.order = '';
        }
        navigate('events', chosen);
    });
    return form;
}
