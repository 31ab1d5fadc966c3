import {get, post} from '../api.js';
import {badge, h, notice, problem, table} from '../dom.js';
import {number, time} from '../format.js';
import {refreshing} from '../refresh.js';

// Pause and start address an instance's processor; split and merge one of its segments. The instruction goes to the
// application through the platform channel, and its acknowledgement shows in the instructions table.
export function render(main) {
    const message = h('div', {'aria-live': 'polite'});
    const list = h('div', {id: 'processors'});
    const instructions = h('div', {id: 'instructions'});
    main.append(h('h1', {}, 'Event processors'), message, list,
        h('h2', {}, 'Instructions'), instructions);

    async function instruct(processor, clientId, action, segment) {
        try {
            const accepted = await post(`processors/${encodeURIComponent(processor.name)}/${action}`,
                {clientId, context: processor.context, segment});
            message.replaceChildren(notice(`Sent ${action} to ${processor.name} on ${clientId} `
                + `(instruction ${accepted.instructionId}); its state shows below.`));
        } catch (failure) {
            message.replaceChildren(problem(failure.message));
        }
    }

    const stopProcessors = refreshing(2000, () => get('processors'), processors => {
        if (processors.length === 0) {
            list.replaceChildren(notice('No application reports an event processor.'));
            return;
        }
        list.replaceChildren(...processors.map(processor => card(processor, instruct)));
    }, failure => list.replaceChildren(problem(failure.message)));
    const stopInstructions = refreshing(1000, () => get('instructions'), sent => {
        instructions.replaceChildren(sent.length === 0
            ? notice('No instruction was sent yet.')
            : table(null, ['Sent at', 'Instruction', 'Processor', 'Segment', 'Client id', 'State', 'Error'],
                sent.map(instruction => h('tr', {'data-instruction': instruction.instructionId},
                    h('td', {}, time(instruction.sentAt)),
                    h('td', {}, instruction.type),
                    h('td', {}, instruction.processor),
                    h('td', {class: 'num'}, instruction.segment ?? ''),
                    h('td', {class: 'mono'}, instruction.clientId),
                    h('td', {'data-state': instruction.state}, state(instruction.state)),
                    h('td', {}, instruction.error || '')))));
    }, failure => instructions.replaceChildren(problem(failure.message)));
    return () => {
        stopProcessors();
        stopInstructions();
    };
}

function state(value) {
    const tone = {SUCCEEDED: 'good', ACKNOWLEDGED: 'good', PENDING: 'warn'}[value] || 'bad';
    return badge(value, tone);
}

function card(processor, instruct) {
    const id = `processor-${processor.application}-${processor.name}`;
    const rows = [];
    for (const instance of processor.instances) {
        const status = instance.status;
        const segments = status.segments.length > 0 ? status.segments : [null];
        segments.forEach((segment, index) => rows.push(h('tr', {'data-client': instance.clientId,
                'data-segment': segment ? segment.segment : ''},
            index === 0 ? h('th', {scope: 'row', rowspan: segments.length, class: 'mono'}, instance.clientId) : null,
            index === 0 ? h('td', {rowspan: segments.length, 'data-running': String(status.running)},
                status.error ? badge('error', 'bad') : status.running ? badge('running', 'good') : badge('paused', 'warn'),
                h('div', {class: 'muted'}, `${status.activeThreads} active, ${status.availableThreads} free threads`)) : null,
            index === 0 ? h('td', {rowspan: segments.length},
                h('div', {class: 'actions'},
                    h('button', {type: 'button', class: 'small', 'data-action': 'pause', disabled: !status.running,
                        onclick: () => instruct(processor, instance.clientId, 'pause')}, 'Pause'),
                    h('button', {type: 'button', class: 'small secondary', 'data-action': 'start',
                        disabled: status.running, onclick: () => instruct(processor, instance.clientId, 'start')},
                        'Start'))) : null,
            ...segmentCells(processor, instance, segment, instruct))));
    }
    return h('section', {class: 'card', 'data-processor': processor.name, 'aria-labelledby': id},
        h('h2', {id}, processor.name, ' ', h('span', {class: 'muted'},
            `${processor.application} · ${processor.mode} · context ${processor.context}`)),
        table(null, ['Instance', 'State', 'Processor', 'Segment', 'Share', {text: 'Position', class: 'num'},
            {text: 'Lag', class: 'num'}, 'Caught up', 'Replaying', 'Error', 'Segment'], rows));
}

function segmentCells(processor, instance, segment, instruct) {
    if (!segment) {
        return [h('td', {colspan: 8, class: 'muted'}, processor.streaming ? 'no segment claimed' : 'not a streaming processor')];
    }
    return [
        h('td', {class: 'num'}, segment.segment),
        h('td', {}, `1/${segment.onePartOf}`),
        h('td', {class: 'num', 'data-field': 'position'}, number(segment.tokenPosition)),
        h('td', {class: 'num', 'data-field': 'lag'}, number(segment.lag)),
        h('td', {}, segment.caughtUp ? 'yes' : 'no'),
        h('td', {}, segment.replaying ? badge('replaying', 'warn') : 'no'),
        h('td', {}, segment.error || ''),
        h('td', {}, processor.streaming ? h('div', {class: 'actions'},
            h('button', {type: 'button', class: 'small secondary', 'data-action': 'split',
                onclick: () => instruct(processor, instance.clientId, 'split', segment.segment)}, 'Split'),
            h('button', {type: 'button', class: 'small secondary', 'data-action': 'merge',
                disabled: segment.onePartOf <= 1,
                onclick: () => instruct(processor, instance.clientId, 'merge', segment.segment)}, 'Merge')) : ''),
    ];
}
