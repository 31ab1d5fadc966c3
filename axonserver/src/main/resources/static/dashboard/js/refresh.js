/**
 * Runs load now and then every interval milliseconds, never two at once, until the returned function is called.
 * render is called only when the data changed, so a refresh does not replace what the reader is looking at or
 * about to click.
 */
export function refreshing(interval, load, render, fail) {
    let stopped = false;
    let last;
    let timer;
    async function tick() {
        try {
            const data = await load();
            const text = JSON.stringify(data);
            if (!stopped && text !== last) {
                last = text;
                render(data);
            }
        } catch (failure) {
            if (!stopped) {
                last = undefined;
                fail(failure);
            }
        }
        if (!stopped) {
            timer = setTimeout(tick, interval);
        }
    }
    tick();
    return () => {
        stopped = true;
        clearTimeout(timer);
    };
}
