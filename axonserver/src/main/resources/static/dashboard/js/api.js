// The JSON API under /v1, called with the signed-in session's cookie. A refused request throws an ApiError carrying
// the problem detail the server sent.
export class ApiError extends Error {
    constructor(status, detail) {
        super(detail);
        this.status = status;
    }
}

const base = new URL('../v1/', document.baseURI);

// The server sets this cookie on the dashboard's pages and wants it back in the header with every state-changing
// call: another site's page can make the browser send the cookie, but cannot read it.
const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_HEADER = 'X-XSRF-TOKEN';

export function csrfToken() {
    const cookie = document.cookie.split('; ').find(entry => entry.startsWith(CSRF_COOKIE + '='));
    return cookie === undefined ? null : decodeURIComponent(cookie.slice(CSRF_COOKIE.length + 1));
}

function url(path, parameters = {}) {
    const target = new URL(path.replace(/^\//, ''), base);
    for (const [name, value] of Object.entries(parameters)) {
        if (value !== undefined && value !== null && value !== '') {
            target.searchParams.set(name, value);
        }
    }
    return target;
}

async function call(method, path, parameters) {
    const headers = {Accept: 'application/json'};
    const token = csrfToken();
    if (method !== 'GET' && token !== null) {
        headers[CSRF_HEADER] = token;
    }
    let response;
    try {
        response = await fetch(url(path, parameters), {method, headers});
    } catch (unreachable) {
        throw new ApiError(0, 'The server cannot be reached: ' + unreachable.message);
    }
    if (response.status === 401) {
        // The session is gone (expired, signed out, server restarted): loading the page again leads through sign-in.
        location.reload();
    }
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') && response.status !== 204 ? await response.json() : null;
    if (!response.ok) {
        const detail = body && (body.detail || body.title);
        throw new ApiError(response.status, detail || `The server answered ${response.status}`);
    }
    return body;
}

export const get = (path, parameters) => call('GET', path, parameters);
export const post = (path, parameters) => call('POST', path, parameters);
export const del = (path, parameters) => call('DELETE', path, parameters);

/** Encodes one path segment, such as an aggregate id, which may hold slashes or spaces. */
export const segment = value => encodeURIComponent(value);
