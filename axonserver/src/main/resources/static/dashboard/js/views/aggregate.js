import {get} from '../api.js';
import {h, notice, problem} from '../dom.js';
import {eventTable} from '../event-table.js';
import {number} from '../format.js';
import {navigate, part} from '../links.js';

// An aggregate's whole history by sequence, a page of 500 at a time, with its newest snapshots.
export function render(main, {argument}) {
    const input = h('input', {type: 'text', id: 'aggregate-id', name: 'aggregateId', value: argument, size: 40});
    const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Find an aggregate'},
        h('label', {for: 'aggregate-id'}, 'Aggregate id', input),
        h('button', {type: 'submit'}, 'Show history'));
    form.addEventListener('submit', submitted => {
        submitted.preventDefault();
        navigate('aggregates/' + part(input.value.trim()));
    });
    const message = h('div', {'aria-live': 'polite'});
    const summary = h('div');
    const history = h('div', {id: 'aggregate-events'});
    const more = h('div', {class: 'pager'});
    const snapshots = h('div', {id: 'aggregate-snapshots'});
    main.append(h('h1', {}, 'Aggregate history'), form, message, summary, history, more, snapshots);
    if (!argument) {
        message.replaceChildren(notice('Enter an aggregate id, or follow an aggregate link in the events list.'));
        return;
    }
    const shown = [];

    async function load(fromSequence) {
        try {
            const page = await get('aggregates/' + encodeURIComponent(argument), {fromSequence});
            shown.push(...page.events);
            const type = page.events.length > 0 ? page.events[0].aggregateType : '';
            summary.replaceChildren(h('p', {}, h('strong', {}, `${type} ${page.aggregateId}`),
                ` · ${number(page.highestSequence + 1)} events · ${page.snapshots.length} snapshot`
                + (page.snapshots.length === 1 ? '' : 's') + ' shown'));
            history.replaceChildren(eventTable('Events by sequence', shown, {token: false}));
            more.replaceChildren(page.nextSequence === null ? '' : h('button', {type: 'button', class: 'secondary',
                onclick: () => load(page.nextSequence)}, `Load events from sequence ${number(page.nextSequence)}`));
            snapshots.replaceChildren(page.snapshots.length === 0
                ? h('p', {class: 'muted'}, 'No snapshots.')
                : eventTable('Snapshots, newest first', page.snapshots, {token: false}));
        } catch (failure) {
            message.replaceChildren(problem(failure.message));
        }
    }
    load();
}
