// Small line charts drawn as SVG, built like the rest of the pages without innerHTML.
import {h} from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 90;
const COLOURS = 6;

function svg(tag, attributes = {}, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
        element.setAttribute(name, value);
    }
    children.forEach(child => element.appendChild(child));
    return element;
}

/** A figure with no more digits than a glance needs. */
export function figure(value) {
    if (value === null || value === undefined) {
        return '–';
    }
    return value >= 100 ? Math.round(value).toLocaleString('en') : Number(value.toFixed(1)).toLocaleString('en');
}

/**
 * A line chart of series sampled at the same times, oldest first: one line each, the highest value on the axis,
 * and a legend with each series' latest value. A null value (nothing to say at that time) leaves a gap.
 * A series is {name, title, values}; title is shown on hover, for names shortened to fit.
 */
export function lineChart(id, title, unit, series) {
    const values = series.flatMap(line => line.values).filter(value => value !== null);
    const top = Math.max(...values, 0) || 1;
    const length = Math.max(...series.map(line => line.values.length), 2);
    const x = index => (index / (length - 1)) * WIDTH;
    const y = value => HEIGHT - (value / top) * (HEIGHT - 4);
    const lines = series.flatMap((line, index) => segments(line.values).map(segment => svg('polyline', {
        class: `series series-${index % COLOURS}`,
        'data-series': line.name,
        points: segment.map(([at, value]) => `${x(at).toFixed(1)},${y(value).toFixed(1)}`).join(' '),
    })));
    return h('figure', {class: 'chart', 'data-chart': id},
        h('figcaption', {}, title, ' ', h('span', {class: 'muted'}, unit ? `(${unit}, up to ${figure(top)})` : `(up to ${figure(top)})`)),
        svg('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'none'},
            svg('line', {class: 'axis', x1: 0, y1: HEIGHT, x2: WIDTH, y2: HEIGHT}), ...lines),
        series.length === 0
            ? h('p', {class: 'muted'}, 'nothing yet')
            : h('ul', {class: 'legend'}, series.map((line, index) => h('li', {'data-series': line.name, title: line.title || line.name},
                h('span', {class: `swatch series-${index % COLOURS}`}), line.name, ' ',
                h('span', {class: 'latest'}, figure(latest(line.values)))))));
}

/** The runs of consecutive known values, each as [index, value] pairs; a single point is drawn as a dot-long line. */
function segments(values) {
    const runs = [];
    let run = [];
    values.forEach((value, index) => {
        if (value === null || value === undefined) {
            if (run.length > 0) {
                runs.push(run);
            }
            run = [];
        } else {
            run.push([index, value]);
        }
    });
    if (run.length > 0) {
        runs.push(run);
    }
    return runs.map(points => points.length === 1 ? [points[0], [points[0][0] + 0.2, points[0][1]]] : points);
}

function latest(values) {
    for (let index = values.length - 1; index >= 0; index--) {
        if (values[index] !== null && values[index] !== undefined) {
            return values[index];
        }
    }
    return null;
}
