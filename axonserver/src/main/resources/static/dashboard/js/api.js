// The JSON API under /v1. A refused request throws an ApiError carrying the problem detail the server sent.
import {accessToken, tokenRefused, TOKEN_HEADER} from './access-token.js';

export class ApiError extends Error {
    constructor(status, detail) {
        super(detail);
        this.status = status;
    }
}

const base = new URL('../v1/', document.baseURI);

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
    const token = accessToken();
    const headers = {Accept: 'application/json'};
    if (token !== null) {
        headers[TOKEN_HEADER] = token;
    }
    let response;
    try {
        response = await fetch(url(path, parameters), {method, headers});
    } catch (unreachable) {
        throw new ApiError(0, 'The server cannot be reached: ' + unreachable.message);
    }
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
        const detail = body && (body.detail || body.title);
        if (response.status === 401) {
            tokenRefused(token, detail);
        }
        throw new ApiError(response.status, detail || `The server answered ${response.status}`);
    }
    return body;
}

export const get = (path, parameters) => call('GET', path, parameters);
export const post = (path, parameters) => call('POST', path, parameters);

/** Encodes one path segment, such as an aggregate id, which may hold slashes or spaces. */
export const segment = value => encodeURIComponent(value);
