import {csrfToken, get} from './api.js';
import {problem} from './dom.js';
import * as overview from './views/overview.js';
import * as processors from './views/processors.js';
import * as events from './views/events.js';
import * as aggregate from './views/aggregate.js';
import * as journey from './views/journey.js';
import * as handlers from './views/handlers.js';
import * as status from './views/status.js';
import * as operations from './views/operations.js';

// Each view renders into the main element and returns a function that stops its refreshing.
const routes = {
    '': {view: overview, nav: 'overview', title: 'Overview'},
    'processors': {view: processors, nav: 'processors', title: 'Event processors'},
    'events': {view: events, nav: 'events', title: 'Events'},
    'aggregates': {view: aggregate, nav: 'events', title: 'Aggregate'},
    'journey': {view: journey, nav: 'journey', title: 'Journey'},
    'handlers': {view: handlers, nav: 'handlers', title: 'Commands & queries'},
    'operations': {view: operations, nav: 'operations', title: 'Operations'},
    'status': {view: status, nav: 'status', title: 'Status'},
};

const main = document.getElementById('view');
let stopCurrent = () => {};

function show() {
    stopCurrent();
    stopCurrent = () => {};
    const hash = location.hash.replace(/^#\/?/, '');
    const [path, query = ''] = hash.split(/\?(.*)/s);
    const [name, ...rest] = path.split('/');
    const route = routes[name] || routes[''];
    for (const link of document.querySelectorAll('nav a[data-view]')) {
        if (link.dataset.view === route.nav) {
            link.setAttribute('aria-current', 'page');
        } else {
            link.removeAttribute('aria-current');
        }
    }
    document.title = route.title + ' · Axon Server dashboard';
    main.replaceChildren();
    const context = {
        parameters: new URLSearchParams(query),
        argument: rest.map(decodeURIComponent).join('/'),
    };
    try {
        stopCurrent = route.view.render(main, context) || (() => {});
    } catch (failure) {
        main.replaceChildren(problem('This view failed: ' + failure.message));
    }
}

window.addEventListener('hashchange', show);
show();

get('status').then(server => {
    document.getElementById('server-name').textContent = `${server.name} · ${server.version}`;
}).catch(() => {});

// Signing out changes state, so the form carries the CSRF token as every state-changing call does.
document.getElementById('sign-out').addEventListener('submit', event => {
    event.target.elements.namedItem('_csrf').value = csrfToken() ?? '';
});
