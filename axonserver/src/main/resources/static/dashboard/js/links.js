/** The hash for a view with parameters, e.g. href('events', {payloadType: 'x'}); empty parameters are left out. */
export function href(path, parameters = {}) {
    const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value)).toString();
    return '#/' + path + (query ? '?' + query : '');
}

/** Goes to a view; going to the view already shown shows it again, e.g. to search once more. */
export function navigate(path, parameters = {}) {
    const hash = href(path, parameters);
    if (location.hash === hash) {
        window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
        location.hash = hash;
    }
}

/** One segment of a hash path, such as an aggregate id holding slashes. */
export const part = value => encodeURIComponent(value);
