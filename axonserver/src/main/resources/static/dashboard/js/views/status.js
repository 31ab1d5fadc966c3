import {get} from '../api.js';
import {badge, h, problem, table} from '../dom.js';
import {bytes, duration, number, time} from '../format.js';
import {refreshing} from '../refresh.js';

export function render(main) {
    const content = h('div', {id: 'status'});
    main.append(h('h1', {}, 'Server status'), content);
    return refreshing(5000, () => get('status'), status => content.replaceChildren(
        h('section', {class: 'card'},
            h('dl', {class: 'facts'},
                h('dt', {}, 'Version'), h('dd', {'data-field': 'version'}, status.version),
                h('dt', {}, 'Node'), h('dd', {}, status.name),
                h('dt', {}, 'Started'), h('dd', {}, time(status.startedAt)),
                h('dt', {}, 'Uptime'), h('dd', {}, duration(status.uptimeMillis)),
                h('dt', {}, 'Store health'), h('dd', {'data-field': 'storeHealth'},
                    badge(status.storeHealth, status.storeHealth === 'UP' ? 'good' : 'bad')),
                h('dt', {}, 'Storage size'), h('dd', {}, bytes(status.storageBytes)),
                h('dt', {}, 'Events'), h('dd', {'data-field': 'events'}, number(status.events)),
                h('dt', {}, 'Snapshots'), h('dd', {'data-field': 'snapshots'}, number(status.snapshots)))),
        table('Contexts', ['Context', {text: 'Events', class: 'num'}, {text: 'Snapshots', class: 'num'},
                {text: 'Head token', class: 'num'}, {text: 'Storage', class: 'num'}, 'Writable'],
            status.contexts.map(context => h('tr', {},
                h('td', {}, context.context),
                h('td', {class: 'num'}, number(context.events)),
                h('td', {class: 'num'}, number(context.snapshots)),
                h('td', {class: 'num'}, number(context.headToken)),
                h('td', {class: 'num'}, bytes(context.storageBytes)),
                h('td', {}, context.writable ? badge('yes', 'good') : badge('no', 'bad')))))),
        failure => content.replaceChildren(problem(failure.message)));
}
