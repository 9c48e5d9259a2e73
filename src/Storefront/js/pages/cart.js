// The cart (GET /api/v1/cart): change a quantity, remove a line, go to checkout. Errors are
// the API's own messages (out of stock names how many are left) next to the line they concern.
import { api } from '../api.js';
import { h, link, money, notice } from '../dom.js';

export async function cartPage(page, { refreshCart }) {
  const { body } = await api('/cart');
  draw(page, body.cart, refreshCart);
}

function draw(page, cart, refreshCart) {
  const currency = cart.totals.currency;
  const message = h('div', { 'aria-live': 'polite' });
  const redraw = (next) => {
    page.replaceChildren();
    draw(page, next, refreshCart);
    refreshCart();
  };
  const change = async (line, request, done) => {
    message.replaceChildren();
    try {
      const { body } = await api(`/cart/items/${encodeURIComponent(line.id)}`, request);
      redraw(body.cart);
      page.querySelector('[aria-live]').replaceChildren(notice(done, 'ok'));
    } catch (error) {
      message.replaceChildren(notice(`${line.name}: ${error.message}`));
    }
  };

  page.append(h('h1', {}, 'Your cart'));
  if (cart.items.length === 0) {
    page.append(message, h('p', {}, 'Your cart is empty. ', link('#/', 'Browse the products')));
    return;
  }

  const rows = cart.items.map((line) => {
    const id = `qty-${line.id}`;
    const quantity = h('input', { id, type: 'number', min: '0', max: '99', value: String(line.quantity), inputmode: 'numeric', class: 'qty' });
    const update = h('form', { class: 'inline', 'aria-label': `Quantity of ${line.name}` },
      h('label', { for: id, class: 'visually-hidden' }, `Quantity of ${line.name} (${line.sku})`), quantity,
      h('button', { type: 'submit' }, 'Update'));
    update.addEventListener('submit', (event) => {
      event.preventDefault();
      change(line, { method: 'PUT', body: { quantity: Number(quantity.value) } }, `${line.name}: quantity ${quantity.value}.`);
    });
    return h('tr', {},
      h('th', { scope: 'row' }, link(`#/products/${encodeURIComponent(line.productId)}`, line.name), h('div', { class: 'muted' }, `${line.sku} · from ${line.warehouse}`)),
      h('td', { class: 'num' }, money(line.unitPrice, currency)),
      h('td', {}, update),
      h('td', { class: 'num' }, money(line.totalPrice, currency)),
      h('td', {}, h('button', { type: 'button', class: 'linkish', 'aria-label': `Remove ${line.name} (${line.sku})`, onclick: () => change(line, { method: 'DELETE' }, `${line.name} removed.`) }, 'Remove')));
  });

  page.append(
    h('table', { class: 'lines' },
      h('caption', { class: 'visually-hidden' }, 'Items in your cart'),
      h('thead', {}, h('tr', {}, ['Item', 'Price', 'Quantity', 'Total', ''].map((t, i) => h('th', { scope: 'col', class: i === 1 || i === 3 ? 'num' : null }, t)))),
      h('tbody', {}, rows),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: '3' }, `Subtotal (${cart.totals.itemCount} items)`), h('td', { class: 'num', id: 'subtotal' }, money(cart.totals.subtotal, currency)), h('td')))),
    message,
    h('p', {}, link('#/checkout?new=1', 'Check out', { class: 'button' })));
}
