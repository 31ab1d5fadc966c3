import {get} from '../api.js';
import {badge, h, notice, problem, table} from '../dom.js';
import {shortName, time} from '../format.js';
import {refreshing} from '../refresh.js';

export function render(main) {
    const content = h('div', {id: 'applications'});
    main.append(h('h1', {}, 'Connected applications'), content);
    return refreshing(3000, () => get('applications'), applications => {
        if (applications.length === 0) {
            content.replaceChildren(notice('No application is connected.'));
            return;
        }
        content.replaceChildren(...applications.map(application));
    }, failure => content.replaceChildren(problem(failure.message)));
}

function application(app) {
    const instances = app.instances;
    return h('section', {class: 'card', 'data-application': app.name, 'aria-labelledby': 'app-' + app.name},
        h('h2', {id: 'app-' + app.name}, app.name, ' ',
            h('span', {class: 'muted'}, `${instances.length} instance${instances.length === 1 ? '' : 's'}`)),
        table(null, ['Client id', 'Connected since', 'Last heartbeat', 'Axon version', 'Commands', 'Queries',
                'Event processors'],
            instances.map(instance => h('tr', {'data-client': instance.clientId},
                h('td', {class: 'mono'}, instance.clientId),
                h('td', {}, time(instance.connectedSince)),
                h('td', {}, time(instance.lastHeartbeat)),
                h('td', {}, instance.version),
                h('td', {}, names(instance.commands)),
                h('td', {}, names(instance.queries)),
                h('td', {}, processors(instance.processors))))));
}

function names(list) {
    if (list.length === 0) {
        return h('span', {class: 'muted'}, 'none');
    }
    return h('ul', {class: 'plain'}, list.map(name => h('li', {title: name}, shortName(name))));
}

function processors(list) {
    if (list.length === 0) {
        return h('span', {class: 'muted'}, 'none');
    }
    return h('ul', {class: 'plain'}, list.map(processor => h('li', {},
        h('a', {href: '#/processors'}, processor.name), ' ',
        h('span', {class: 'muted'}, processor.mode), ' ',
        processor.error ? badge('error', 'bad') : processor.running ? badge('running', 'good') : badge('paused', 'warn'))));
}
