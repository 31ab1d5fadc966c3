// The server's access token, when it has one: asked for once, kept in this tab's sessionStorage (closing the tab
// forgets it) and sent with every call to the JSON API.
const KEY = 'axonserver.access-token';
export const TOKEN_HEADER = 'AxonIQ-Access-Token';

const form = document.getElementById('access-token');
const input = form.querySelector('input[name="token"]');
const reason = form.querySelector('[data-field="reason"]');
let entered = () => {};

export function accessToken() {
    return sessionStorage.getItem(KEY);
}

/** Runs listener each time a token is entered, to load again what the server refused. */
export function whenTokenEntered(listener) {
    entered = listener;
}

/**
 * The server refused a call made with sentToken (null for none): forgets that token and asks for one. A call still
 * on its way with an older token is ignored once a newer one was entered.
 */
export function tokenRefused(sentToken, detail) {
    if (accessToken() !== sentToken) {
        return;
    }
    sessionStorage.removeItem(KEY);
    reason.textContent = detail;
    if (form.hidden) {
        form.hidden = false;
        input.focus();
    }
}

form.addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem(KEY, input.value);
    input.value = '';
    form.hidden = true;
    entered();
});
