// Signing in. In development the BFF issues a token for a customer id (the demo customer is
// CUST-12345). With a real identity provider (Auth__Authority) that endpoint is off (404),
// and the page says how the shop's sign-in is wired instead.
import { api } from '../api.js';
import * as auth from '../auth.js';
import { h, notice } from '../dom.js';

export async function signInPage(page, { params }) {
  const next = params.get('next') || '/';
  const message = h('div', { 'aria-live': 'polite' });
  const input = h('input', { id: 'customer-id', name: 'customerId', value: 'CUST-12345', required: true, maxlength: '64', autocomplete: 'username' });
  const form = h('form', { class: 'card narrow' },
    h('p', {}, 'This demo shop signs you in as a customer of your choice. CUST-12345 is the demo customer, with saved addresses, cards and loyalty points; any other id is a new customer.'),
    h('label', { for: 'customer-id' }, 'Customer id'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.replaceChildren();
    try {
      const { body } = await api('/dev/token', { method: 'POST', body: { customerId: input.value.trim() } });
      auth.signIn(body.token, input.value.trim());
      location.hash = `#${next}`;
    } catch (error) {
      message.replaceChildren(error.status === 404
        ? notice('Development sign-in is off: this shop takes tokens from its identity provider (Auth__Authority). Sign in there and send the access token as a bearer token; the README\'s "Storefront" section shows how to wire the sign-in.')
        : notice(error.message));
    }
  });
  page.append(h('h1', {}, 'Sign in'), form);
}
