// The shop's REST API (/api/v1), as the README and the OpenAPI document describe it. Every
// failure comes back as an ApiError carrying the API's error body: status, reason, message
// and, when one field is at fault, the field.
import * as auth from './auth.js';

/** Fired when the API refuses the token: the page is drawn again, as a visitor's. */
export const SIGNED_OUT = 'shop:signed-out';

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(body?.message ?? `The shop answered ${status}.`);
    this.status = status;
    this.reason = body?.reason ?? 'UNKNOWN';
    this.field = body?.field ?? null;
    this.retryAfter = retryAfter ? Number(retryAfter) : null;
  }
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const sent = { Accept: 'application/json', ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  const signedIn = auth.current();
  if (signedIn) sent.Authorization = `Bearer ${signedIn.token}`;

  let response;
  try {
    response = await fetch(`api/v1${path}`, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { reason: 'NETWORK', message: 'The shop cannot be reached. Check your connection and try again.' });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401) {
      auth.forgetToken();
      window.dispatchEvent(new Event(SIGNED_OUT));
    }
    throw new ApiError(response.status, json, response.headers.get('Retry-After'));
  }
  return { status: response.status, body: json, headers: response.headers };
}

/** The cart's item count for the header, or null when nobody is signed in. */
export async function cartCount() {
  if (!auth.current()) return null;
  const { body } = await api('/cart');
  return body.cart.totals.itemCount;
}
