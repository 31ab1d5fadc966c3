import {get} from '../api.js';
import {lineChart} from '../charts.js';
import {badge, h, notice, problem, table} from '../dom.js';
import {duration, shortName, time} from '../format.js';
import {refreshing} from '../refresh.js';

/** Event types drawn each on its own line; the rest are added up as one. */
const EVENT_TYPES_DRAWN = 5;

export function render(main) {
    const charts = h('section', {class: 'card', id: 'trends', 'aria-labelledby': 'trends-title'});
    const content = h('div', {id: 'applications'});
    main.append(charts, h('h1', {}, 'Connected applications'), content);
    const stopCharts = refreshing(5000, () => get('trends'), trends => renderCharts(charts, trends),
        failure => charts.replaceChildren(problem(failure.message)));
    const stopApplications = refreshing(3000, () => get('applications'), applications => {
        if (applications.length === 0) {
            content.replaceChildren(notice('No application is connected.'));
            return;
        }
        content.replaceChildren(...applications.map(application));
    }, failure => content.replaceChildren(problem(failure.message)));
    return () => {
        stopCharts();
        stopApplications();
    };
}

function renderCharts(section, trends) {
    const points = trends.points;
    const heading = h('h2', {id: 'trends-title'}, points.length < 2
        ? 'Recent figures'
        : `The last ${duration(trends.intervalMillis * points.length)}`,
        ' ', h('span', {class: 'muted'}, `sampled every ${duration(trends.intervalMillis)}`));
    if (points.length === 0) {
        section.replaceChildren(heading, notice('The first figures appear after one interval.'));
        return;
    }
    section.replaceChildren(heading, h('div', {class: 'charts'},
        lineChart('events', 'Events appended per second', 'by type', eventSeries(points)),
        lineChart('processor-lag', 'Event processor lag', 'events behind', keyedSeries(points, point => point.processorLag)),
        lineChart('messages', 'Commands and queries answered per second', null, [
            {name: 'commands', values: points.map(point => point.commandsPerSecond)},
            {name: 'queries', values: points.map(point => point.queriesPerSecond)}]),
        lineChart('command-latency', 'Command latency, mean', 'ms', [
            {name: 'commands', values: points.map(point => point.commandLatencyMillis)}])),
        suiteCharts(points));
}

/** The order platform's figures, when the server reads its services' (axonserver.suite.services). */
function suiteCharts(points) {
    const suite = points.map(point => point.suite);
    const reported = figure => suite.some(figures => figures[figure] !== null && figures[figure] !== undefined);
    if (!['openSagas', 'pendingOrders', 'acceptedMillis', 'kafkaLag'].some(reported)
        && !suite.some(figures => Object.keys(figures.ordersEndedPerSecond).length > 0)) {
        return null;
    }
    const series = (name, figure) => ({name, values: suite.map(figures => figures[figure] ?? null)});
    return [h('h3', {}, 'The order platform ', h('span', {class: 'muted'}, 'from its services\' Prometheus endpoints')),
        h('div', {class: 'charts', id: 'suite-charts'},
            lineChart('orders-ended', 'Orders ended per second', 'by outcome',
                keyedSeries(points, point => point.suite.ordersEndedPerSecond)),
            lineChart('accepted-latency', 'Orders accepted (201 at the gateway), mean latency', 'ms',
                [series('201', 'acceptedMillis')]),
            lineChart('sagas', 'Open sagas and pending orders', null,
                [series('open sagas', 'openSagas'), series('pending orders', 'pendingOrders')]),
            lineChart('saga-age', 'Oldest open saga', 's', [series('age', 'oldestSagaSeconds')]),
            lineChart('kafka', 'Kafka consumer lag and dead letters', 'records',
                [series('lag', 'kafkaLag'), series('dead letters', 'deadLetters')]),
            lineChart('breakers', 'Circuit breakers not closed', null, [series('breakers', 'breakersNotClosed')]),
            lineChart('email-delay', 'Email delay, fact to SMTP, mean', 'ms', [series('emails', 'emailDelayMillis')]))];
}

/** The busiest types over the points kept, each a line; the others together as one. */
function eventSeries(points) {
    const totals = new Map();
    points.forEach(point => Object.entries(point.eventsPerSecond)
        .forEach(([type, rate]) => totals.set(type, (totals.get(type) || 0) + rate)));
    const ranked = [...totals.keys()].sort((one, other) => totals.get(other) - totals.get(one) || one.localeCompare(other));
    const drawn = ranked.slice(0, EVENT_TYPES_DRAWN);
    const series = drawn.map(type => ({name: shortName(type), title: type,
        values: points.map(point => point.eventsPerSecond[type] || 0)}));
    if (ranked.length > drawn.length) {
        series.push({name: 'other types', values: points.map(point => Object.entries(point.eventsPerSecond)
            .filter(([type]) => !drawn.includes(type)).reduce((sum, [, rate]) => sum + rate, 0))});
    }
    return series;
}

/** One line per key seen in any point; a point without the key (not reported then) leaves a gap. */
function keyedSeries(points, valuesOf) {
    const keys = [...new Set(points.flatMap(point => Object.keys(valuesOf(point))))].sort();
    return keys.map(key => ({name: key, values: points.map(point => valuesOf(point)[key] ?? null)}));
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
