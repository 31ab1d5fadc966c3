// Builds elements without innerHTML, so names and payloads from the store can never inject markup.
export function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else if (name === 'text') {
            element.textContent = value;
        } else if (name === 'value') {
            element.value = value;
        } else {
            element.setAttribute(name, value === true ? '' : value);
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(element, child);
        } else if (child instanceof Node) {
            element.appendChild(child);
        } else {
            element.appendChild(document.createTextNode(String(child)));
        }
    }
}

/** A table with a caption, column headers and rows of cells; a cell is content or {content, class}. */
export function table(caption, headers, rows, attributes = {}) {
    return h('table', attributes,
        caption ? h('caption', {}, caption) : null,
        h('thead', {}, h('tr', {}, headers.map(header => typeof header === 'string'
            ? h('th', {scope: 'col'}, header)
            : h('th', {scope: 'col', class: header.class}, header.text)))),
        h('tbody', {}, rows));
}

export function problem(message) {
    return h('div', {class: 'problem', role: 'alert'}, message);
}

export function notice(message) {
    return h('p', {class: 'notice', role: 'status'}, message);
}

export function badge(text, tone) {
    return h('span', {class: `badge ${tone}`}, text);
}
