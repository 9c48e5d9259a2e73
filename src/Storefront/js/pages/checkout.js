// Checkout: start a session (POST /api/v1/checkout/initiate), choose address, card, shipping,
// promotion codes and points, see the price the API computes for those choices
// (POST /api/v1/checkout/price), and submit (POST /api/v1/checkout/submit).
//
// The submission carries an Idempotency-Key kept with the exact body it was made for, in
// sessionStorage. From the moment it is sent until the API gives a definitive answer, the
// attempt is unresolved: the form is locked, and a double click, a retry after a lost answer,
// a reload or signing in again sends the same key with the same body, so the API answers the
// one order instead of placing another. Only a definitive refusal (a declined card) retires
// the key, and the next try, with other choices, is a new request.
import { api } from '../api.js';
import { add, h, link, money, notice, randomKey, set } from '../dom.js';
import { settings } from '../settings.js';

const SESSION = 'shop.checkout';
const CHOICES = 'shop.checkout.choices';
const ATTEMPT = 'shop.checkout.attempt';
export const PLACED = 'shop.placed';
const SHIPPING_METHODS = [['standard', 'Standard (5 days)'], ['express', 'Express (2 days)'], ['overnight', 'Overnight (1 day)']];
const SHIPPED_COUNTRIES = [['US', 'United States'], ['CA', 'Canada'], ['GB', 'United Kingdom'], ['DE', 'Germany'], ['FR', 'France'], ['NL', 'Netherlands']];
// Refusals after which the same session may be paid again with other choices.
const PAYMENT_FAILURES = new Set(['PAYMENT_DECLINED', 'INSUFFICIENT_FUNDS', 'PAYMENT_TIMEOUT', 'PAYMENT_FAILED', 'FRAUD_SUSPECTED', 'CARD_EXPIRED']);
// Refusals after which this session is over.
const SESSION_OVER = new Set(['SESSION_EXPIRED', 'SESSION_ALREADY_USED', 'CHECKOUT_SUPERSEDED', 'SESSION_NOT_FOUND']);

const load = (key) => JSON.parse(sessionStorage.getItem(key) ?? 'null');
const save = (key, value) => sessionStorage.setItem(key, JSON.stringify(value));

// Answers that do not say how the submission ended: it may have placed the order, or be placing it.
const UNKNOWN_OUTCOME = new Set(['REQUEST_IN_PROGRESS', 'SESSION_BUSY', 'RATE_LIMITED', 'UNAUTHENTICATED', 'NETWORK']);
// Asking again after an unknown outcome: Retry-After, or 1 s, doubled each time up to 30 s, 8 times at most.
const RESEND_TRIES = 8;

export function forgetCheckout() {
  for (const key of [SESSION, CHOICES, ATTEMPT]) sessionStorage.removeItem(key);
}

const unresolvedAttempt = (sessionId) => {
  const attempt = load(ATTEMPT);
  return attempt?.unresolved && attempt.sessionId === sessionId ? attempt : null;
};

export async function checkoutPage(page, { params, signal }) {
  // The cart's "Check out" starts a new session, unless the last one's submission is still
  // unresolved: that one is resumed. A reload of the page resumes the session it shows (its
  // expiry is the server's to judge: SESSION_EXPIRED, not this browser's clock).
  if (params.get('new') === '1') {
    if (!unresolvedAttempt(load(SESSION)?.checkoutSessionId)) forgetCheckout();
    history.replaceState(null, '', '#/checkout');
  }
  let session = load(SESSION);
  if (!session) {
    try {
      ({ body: session } = await api('/checkout/initiate', { method: 'POST', body: {} }));
    } catch (error) {
      page.append(h('h1', {}, 'Checkout'), notice(error.message),
        h('p', {}, error.reason === 'CART_EMPTY' ? link('#/', 'Browse the products') : link('#/cart', 'Back to the cart')));
      return;
    }
    save(SESSION, session);
  }
  new CheckoutForm(page, session, await settings(), signal).draw();
}

class CheckoutForm {
  constructor(page, session, hostSettings, signal) {
    this.page = page;
    this.session = session;
    // Timers (pricing, asking again) end with the page.
    this.signal = signal;
    this.timers = new Set();
    signal.addEventListener('abort', () => this.timers.forEach(clearTimeout));
    this.cardGateway = hostSettings.cardGateway ?? null;
    this.currency = session.cart.totals.currency;
    const addresses = session.customer.addresses;
    const cards = session.customer.paymentMethods;
    this.choices = load(CHOICES) ?? {
      address: (addresses.find((a) => a.type !== 'billing' && a.isDefault) ?? addresses.find((a) => a.type !== 'billing'))?.id ?? 'new',
      billing: 'same',
      newAddress: { street: '', city: '', state: '', zipCode: '', country: 'US' },
      card: (cards.find((c) => c.isDefault) ?? cards[0])?.id ?? '',
      shippingMethod: 'standard',
      codes: [],
      otherCode: '',
      points: 0,
    };
    this.pricing = h('section', { class: 'card breakdown', 'aria-labelledby': 'breakdown-title' });
    this.priceBody = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Calculating…'));
    this.pricing.append(h('h2', { id: 'breakdown-title' }, 'Price'), this.priceBody);
    this.message = h('div', { 'aria-live': 'assertive' });
    this.place = h('button', { type: 'submit', class: 'primary', id: 'place-order' }, 'Place order');
    this.placing = false;
    this.priced = 0;
    this.requested = null;
  }

  later(action, delay) {
    if (this.signal.aborted) return null;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delay);
    this.timers.add(timer);
    return timer;
  }

  draw() {
    const { session, choices } = this;
    const form = h('form', { class: 'checkout', 'aria-label': 'Checkout', novalidate: true });
    this.form = form;
    const onChange = () => {
      this.read(form);
      save(CHOICES, this.choices);
      this.schedulePrice();
    };
    form.addEventListener('change', onChange);
    form.addEventListener('input', (event) => { if (event.target.type !== 'radio' && event.target.type !== 'checkbox') onChange(); });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.read(form);
      this.submit();
    });

    const shippingAddresses = session.customer.addresses.filter((a) => a.type !== 'billing');
    const billingAddresses = session.customer.addresses.filter((a) => a.type === 'billing');
    const radio = (name, value, label, checked) => {
      const id = `${name}-${value}`;
      return h('div', { class: 'choice' }, h('input', { type: 'radio', name, id, value, checked }), h('label', { for: id }, label));
    };
    const field = (name, label, attributes = {}) => h('div', { class: 'field' },
      h('label', { for: `new-${name}` }, label),
      h('input', { id: `new-${name}`, name: `new-${name}`, value: choices.newAddress[name], autocomplete: attributes.autocomplete, maxlength: attributes.maxlength }));

    add(form,
      h('fieldset', {}, h('legend', {}, 'Ship to'),
        shippingAddresses.map((a) => radio('address', a.id, addressLine(a), choices.address === a.id)),
        radio('address', 'new', 'A new address', choices.address === 'new'),
        h('div', { class: 'new-address', hidden: choices.address !== 'new' },
          field('street', 'Street', { autocomplete: 'street-address', maxlength: '200' }),
          field('city', 'City', { autocomplete: 'address-level2', maxlength: '100' }),
          field('state', 'State or province', { autocomplete: 'address-level1', maxlength: '100' }),
          field('zipCode', 'Postal code', { autocomplete: 'postal-code', maxlength: '20' }),
          h('div', { class: 'field' }, h('label', { for: 'new-country' }, 'Country'),
            h('select', { id: 'new-country', name: 'new-country' }, SHIPPED_COUNTRIES.map(([code, name]) => h('option', { value: code, selected: choices.newAddress.country === code }, name)))))),
      h('fieldset', {}, h('legend', {}, 'Bill to'),
        radio('billing', 'same', 'The shipping address', choices.billing === 'same'),
        billingAddresses.map((a) => radio('billing', a.id, addressLine(a), choices.billing === a.id))),
      h('fieldset', {}, h('legend', {}, 'Pay with'),
        session.customer.paymentMethods.length
          ? session.customer.paymentMethods.map((c) => radio('card', c.id, cardLine(c), choices.card === c.id))
          : h('p', {}, 'No card is saved for this customer.')),
      h('fieldset', {}, h('legend', {}, 'Shipping'),
        SHIPPING_METHODS.map(([value, label]) => radio('shippingMethod', value, label, choices.shippingMethod === value))),
      h('fieldset', {}, h('legend', {}, 'Promotion codes'),
        session.promotions.filter((p) => p.applicable).map((p) => {
          const id = `code-${p.code}`;
          return h('div', { class: 'choice' }, h('input', { type: 'checkbox', name: 'code', id, value: p.code, checked: choices.codes.includes(p.code) }),
            h('label', { for: id }, h('strong', {}, p.code), ` ${p.description} (up to ${money(p.discount, this.currency)} off)`));
        }),
        h('div', { class: 'field' }, h('label', { for: 'other-code' }, 'Another code'), h('input', { id: 'other-code', name: 'otherCode', value: choices.otherCode, maxlength: '32', autocomplete: 'off' })),
        session.unavailable.includes('promotions') ? notice('Promotions could not be loaded just now; a code you type is still checked.', 'info') : null),
      session.loyalty
        ? h('fieldset', {}, h('legend', {}, 'Loyalty points'),
          h('div', { class: 'field' },
            h('label', { for: 'points' }, `Points to use (you have ${session.loyalty.availablePoints}, worth ${money(session.loyalty.pointsValue, this.currency)})`),
            h('input', { id: 'points', name: 'points', type: 'number', min: '0', max: String(session.loyalty.availablePoints), step: '1', value: String(choices.points), inputmode: 'numeric' })))
        : null,
      this.message,
      this.place);

    add(this.page,
      h('h1', {}, 'Checkout'),
      h('div', { class: 'columns' }, form, h('aside', {}, this.summary(), this.pricing, this.cardForm())));
    this.schedulePrice(0);
    // A submission whose answer this page never had (a reload, a lost answer, signing in
    // again): the choices stay as they were sent, and the same request goes again.
    if (unresolvedAttempt(session.checkoutSessionId)) {
      this.lock(true);
      this.submit();
    }
  }

  /** The choices cannot change while a submission made with them is unresolved. */
  lock(locked) {
    for (const fieldset of this.form.querySelectorAll('fieldset')) fieldset.disabled = locked;
  }

  /**
   * A new card, the way shops take cards: the number and code go from this page straight to
   * the card gateway, which answers a token; the shop's API only ever sees that token.
   */
  cardForm() {
    if (!this.cardGateway) return null;
    const message = h('div', { 'aria-live': 'polite' });
    const field = (id, label, attributes) => h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, required: true, autocomplete: 'off', ...attributes }));
    const form = h('form', { class: 'card', 'aria-labelledby': 'add-card-title' },
      h('h2', { id: 'add-card-title' }, 'Add a card'),
      h('p', { class: 'muted' }, 'The number goes to the card gateway, not to the shop, which keeps only the brand, the last four digits and the expiry.'),
      field('card-number', 'Card number', { autocomplete: 'cc-number', inputmode: 'numeric', maxlength: '23' }),
      h('div', { class: 'row' },
        field('card-month', 'Expiry month', { autocomplete: 'cc-exp-month', inputmode: 'numeric', maxlength: '2', placeholder: 'MM', class: 'short' }),
        field('card-year', 'Expiry year', { autocomplete: 'cc-exp-year', inputmode: 'numeric', maxlength: '4', placeholder: 'YYYY', class: 'short' }),
        field('card-cvc', 'Security code', { autocomplete: 'cc-csc', inputmode: 'numeric', maxlength: '4', class: 'short' })),
      h('button', { type: 'submit' }, 'Save card'),
      message);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      set(message, notice('Saving your card…', 'info'));
      const card = await this.saveCard({
        number: String(data.get('card-number')),
        expMonth: Number(data.get('card-month')),
        expYear: Number(data.get('card-year')),
        cvc: String(data.get('card-cvc')),
      }, message);
      if (!card) return;
      const known = this.session.customer.paymentMethods.filter((c) => c.id !== card.id);
      this.session.customer.paymentMethods = [{ id: card.id, type: card.type, last4: card.last4, brand: card.brand, isDefault: card.isDefault }, ...known];
      this.choices.card = card.id;
      save(SESSION, this.session);
      save(CHOICES, this.choices);
      this.page.replaceChildren();
      this.draw();
      set(this.message, notice(`Your ${card.brand} card ending ${card.last4} is saved and chosen.`, 'ok'));
      document.getElementById(`card-${card.id}`)?.focus();
    });
    return form;
  }

  /** The gateway's token for the card, then the card saved with it (POST /api/v1/payment-methods); null after showing why not. */
  async saveCard(card, message) {
    let token;
    try {
      const response = await fetch(this.cardGateway, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(card) });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        set(message, notice(body?.error?.message ?? 'The card gateway refused the card.'));
        return null;
      }
      token = body.token;
    } catch {
      set(message, notice('The card gateway cannot be reached. Try again, or pay with a saved card.'));
      return null;
    }
    try {
      return (await api('/payment-methods', { method: 'POST', body: { token } })).body;
    } catch (error) {
      set(message, notice(error.message));
      return null;
    }
  }

  summary() {
    const { cart } = this.session;
    return h('section', { class: 'card', 'aria-labelledby': 'items-title' },
      h('h2', { id: 'items-title' }, 'Items'),
      h('ul', { class: 'plain' }, cart.items.map((i) => h('li', {}, `${i.quantity} × ${i.name} (${i.sku}) `, h('span', { class: 'num' }, money(i.totalPrice, this.currency))))),
      h('p', { class: 'muted' }, 'A checkout stays open for 30 minutes from when it began.'));
  }

  read(form) {
    // A locked form's controls are left out of its data: the choices are the ones sent.
    if (form.querySelector('fieldset:disabled')) return;
    const data = new FormData(form);
    const newAddress = Object.fromEntries(['street', 'city', 'state', 'zipCode', 'country'].map((k) => [k, String(data.get(`new-${k}`) ?? '').trim()]));
    this.choices = {
      address: String(data.get('address') ?? 'new'),
      billing: String(data.get('billing') ?? 'same'),
      newAddress,
      card: String(data.get('card') ?? ''),
      shippingMethod: String(data.get('shippingMethod') ?? 'standard'),
      codes: data.getAll('code').map(String),
      otherCode: String(data.get('otherCode') ?? '').trim(),
      points: Math.max(0, Number.parseInt(String(data.get('points') ?? '0'), 10) || 0),
    };
    form.querySelector('.new-address').hidden = this.choices.address !== 'new';
  }

  shippingAddress() {
    if (this.choices.address === 'new') return this.choices.newAddress;
    return toAddress(this.session.customer.addresses.find((a) => a.id === this.choices.address));
  }

  requestBody() {
    const { choices } = this;
    const codes = [...choices.codes, ...(choices.otherCode ? [choices.otherCode.toUpperCase()] : [])];
    const shippingAddress = this.shippingAddress();
    const billing = this.session.customer.addresses.find((a) => a.id === choices.billing);
    return {
      checkoutSessionId: this.session.checkoutSessionId,
      shippingAddress,
      billingAddress: billing ? toAddress(billing) : shippingAddress,
      paymentMethod: { id: choices.card, type: 'credit_card' },
      shippingMethod: choices.shippingMethod,
      promotionCodes: [...new Set(codes)],
      loyaltyPointsToUse: choices.points,
    };
  }

  schedulePrice(delay = 250) {
    clearTimeout(this.priceTimer);
    this.timers.delete(this.priceTimer);
    this.priceTimer = this.later(() => this.price(), delay);
  }

  /** The breakdown for the current choices, from the API; an answer to older choices is dropped. */
  async price() {
    const { checkoutSessionId, shippingAddress, shippingMethod, promotionCodes, loyaltyPointsToUse } = this.requestBody();
    const request = { checkoutSessionId, shippingAddress, shippingMethod, promotionCodes, loyaltyPointsToUse };
    // Leaving a field fires a change for what its typing already asked about.
    const json = JSON.stringify(request);
    if (json === this.requested) return;
    this.requested = json;
    const asked = ++this.priced;
    if (this.choices.address === 'new' && ['street', 'city', 'zipCode'].some((k) => !shippingAddress[k])) {
      set(this.priceBody, notice('Enter the whole address to see shipping and tax.', 'info'));
      return;
    }
    try {
      const { body: priced } = await api('/checkout/price', { method: 'POST', body: request });
      if (asked !== this.priced) return;
      const p = priced.pricing;
      const row = (label, amount, id) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num', id }, amount));
      set(this.priceBody, h('table', { class: 'totals' }, h('tbody', {},
        row('Subtotal', money(p.subtotal, p.currency), 'price-subtotal'),
        p.discounts.map((d) => row(discountLabel(d), `−${money(d.amount, p.currency)}`)),
        row('Shipping', p.shipping === 0 ? 'Free' : money(p.shipping, p.currency), 'price-shipping'),
        row('Tax', money(p.tax, p.currency), 'price-tax'),
        row('Total', money(p.total, p.currency), 'price-total'))),
      h('p', { class: 'muted' }, `Estimated delivery ${priced.estimatedDelivery}`));
    } catch (error) {
      if (asked !== this.priced) return;
      // Asked again at the next change; a calm message, since it may come while the shopper types.
      this.requested = null;
      set(this.priceBody, notice(error.message, 'info'),
        SESSION_OVER.has(error.reason) ? link('#/checkout?new=1', 'Start a new checkout', { class: 'button' }) : null);
    }
  }

  /**
   * Submits once per click. An unresolved attempt of this session goes again as it was sent
   * (the form is locked meanwhile); otherwise the choices go with a key kept for that body.
   */
  async submit(tries = 0) {
    if (this.placing) return;
    this.placing = true;
    this.place.disabled = true;
    this.place.textContent = 'Placing your order…';
    const attempt = unresolvedAttempt(this.session.checkoutSessionId) ?? this.attemptFor(this.requestBody());
    save(ATTEMPT, { ...attempt, unresolved: true });
    this.lock(true);
    try {
      const { status, body: order } = await api('/checkout/submit', { method: 'POST', body: JSON.parse(attempt.body), headers: { 'Idempotency-Key': attempt.key } });
      forgetCheckout();
      // The confirmation shows the order exactly as the submission answered it, then follows it.
      sessionStorage.setItem(PLACED, JSON.stringify(order));
      location.hash = `#/orders/${encodeURIComponent(order.orderId)}?placed=${status}`;
    } catch (error) {
      this.refused(error, tries);
    } finally {
      this.placing = false;
      this.place.disabled = false;
      this.place.textContent = 'Place order';
    }
  }

  attemptFor(body) {
    const json = JSON.stringify(body);
    const stored = load(ATTEMPT);
    if (stored?.sessionId === this.session.checkoutSessionId && stored.body === json) return stored;
    return { sessionId: this.session.checkoutSessionId, body: json, key: randomKey() };
  }

  refused(error, tries) {
    if (error.status === 0 || error.status >= 500 || error.status === 408 || UNKNOWN_OUTCOME.has(error.reason)) {
      // The order may be placed or being placed: the attempt stays, and so does its key.
      if (error.status === 401) return; // Signing in again brings the shopper back here, and the attempt goes again.
      if (tries < RESEND_TRIES && (error.status === 409 || error.status === 429 || error.status === 503)) {
        set(this.message, notice('Your order is being placed…', 'info'));
        this.later(() => this.submit(tries + 1), Math.min(30, (error.retryAfter ?? 1) * 2 ** tries) * 1000);
        return;
      }
      set(this.message, notice(`${error.message} Your order cannot be placed twice: press "Place order" to find out how it ended.`));
      return;
    }
    sessionStorage.removeItem(ATTEMPT);
    this.lock(false);
    if (error.reason === 'SESSION_ALREADY_USED') {
      forgetCheckout();
      set(this.message, notice('This checkout has already placed its order.'), link('#/orders', 'See your orders', { class: 'button' }));
      return;
    }
    if (SESSION_OVER.has(error.reason)) {
      forgetCheckout();
      set(this.message, notice(error.message), link('#/checkout?new=1', 'Start a new checkout', { class: 'button' }));
      return;
    }
    const hint = PAYMENT_FAILURES.has(error.reason) ? ' Nothing was charged. Choose another card and place the order again.' : '';
    set(this.message, notice(`${error.message}${hint}`));
  }
}

function toAddress(a) {
  return { street: a.street, city: a.city, state: a.state, zipCode: a.zipCode, country: a.country || 'US' };
}

const addressLine = (a) => `${a.street}, ${a.city}, ${a.state} ${a.zipCode}`;

function cardLine(card) {
  const brand = card.brand ? card.brand[0].toUpperCase() + card.brand.slice(1) : 'Card';
  return `${brand} ending ${card.last4}${card.id.startsWith('PM-TEST-') ? ` (test card ${card.id})` : ''}${card.isDefault ? ', default' : ''}`;
}

function discountLabel(d) {
  if (d.type === 'loyalty_points') return `Loyalty points (${d.pointsUsed})`;
  if (d.type === 'tier') return `Member discount (${d.code})`;
  return `Promotion ${d.code}`;
}
