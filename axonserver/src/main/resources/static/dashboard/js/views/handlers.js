import {get} from '../api.js';
import {h, notice, problem, table} from '../dom.js';
import {millis, number, shortName} from '../format.js';
import {refreshing} from '../refresh.js';

export function render(main) {
    const commands = h('div', {id: 'commands'});
    const queries = h('div', {id: 'queries'});
    main.append(h('h1', {}, 'Commands and queries'),
        h('p', {class: 'muted'}, 'Handlers registered now; counts and latencies since the server started.'),
        h('h2', {}, 'Commands'), commands, h('h2', {}, 'Queries'), queries);
    const stopCommands = refreshing(3000, () => get('commands'), list => commands.replaceChildren(
        registry(list, 'No command handler is registered.')), failure => commands.replaceChildren(problem(failure.message)));
    const stopQueries = refreshing(3000, () => get('queries'), list => queries.replaceChildren(
        registry(list, 'No query handler is registered.')), failure => queries.replaceChildren(problem(failure.message)));
    return () => {
        stopCommands();
        stopQueries();
    };
}

function registry(list, empty) {
    if (list.length === 0) {
        return notice(empty);
    }
    return table(null, ['Name', 'Context', 'Handlers', {text: 'Routed', class: 'num'}, {text: 'Failures', class: 'num'},
            {text: 'Mean latency', class: 'num'}, {text: 'Max latency', class: 'num'}],
        list.map(entry => h('tr', {'data-name': entry.name},
            h('td', {title: entry.name}, shortName(entry.name)),
            h('td', {}, entry.context || h('span', {class: 'muted'}, 'no handler now')),
            h('td', {}, h('ul', {class: 'plain'}, entry.handlers.map(handler => h('li', {},
                `${handler.componentName} `, h('span', {class: 'mono muted'}, handler.clientId),
                handler.loadFactor ? h('span', {class: 'muted'}, ` · load factor ${handler.loadFactor}`) : '')))),
            h('td', {class: 'num', 'data-field': 'routed'}, number(entry.routed)),
            h('td', {class: 'num'}, number(entry.failures)),
            h('td', {class: 'num'}, millis(entry.meanLatencyMillis)),
            h('td', {class: 'num'}, millis(entry.maxLatencyMillis)))));
}
