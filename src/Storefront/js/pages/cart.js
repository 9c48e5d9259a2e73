// The cart (GET /api/v1/cart): change a quantity, remove a line, go to checkout. Errors are
// the API's own messages (out of stock names how many are left) next to the line they concern.
import { api } from '../api.js';
import { h, link, money, notice, set } from '../dom.js';

export async function cartPage(page, { refreshCart }) {
  const { body } = await api('/cart');
  // The heading and the message stay; the lines are drawn again after each change, so what
  // the live region says is read out, and focus goes back where the shopper was.
  const message = h('div', { 'aria-live': 'polite' });
  const lines = h('div');
  page.append(h('h1', {}, 'Your cart'), message, lines);

  const draw = (cart, focusId) => {
    set(lines, content(cart, change));
    (focusId && lines.querySelector(`#${CSS.escape(focusId)}`) ? lines.querySelector(`#${CSS.escape(focusId)}`) : page.querySelector('h1')).focus();
  };
  const change = async (line, request, done, focusId) => {
    set(message);
    try {
      const { body: changed } = await api(`/cart/items/${encodeURIComponent(line.id)}`, request);
      draw(changed.cart, focusId);
      set(message, notice(done, 'ok'));
      refreshCart();
    } catch (error) {
      set(message, notice(`${line.name}: ${error.message}`));
    }
  };
  set(lines, content(body.cart, change));
}

function content(cart, change) {
  const currency = cart.totals.currency;
  if (cart.items.length === 0) {
    return h('p', {}, 'Your cart is empty. ', link('#/', 'Browse the products'));
  }

  const rows = cart.items.map((line) => {
    const id = `qty-${line.id}`;
    const quantity = h('input', { id, type: 'number', min: '0', max: '99', step: '1', value: String(line.quantity), inputmode: 'numeric', required: true, class: 'qty' });
    const update = h('form', { class: 'inline', 'aria-label': `Quantity of ${line.name}` },
      h('label', { for: id, class: 'visually-hidden' }, `Quantity of ${line.name} (${line.sku})`), quantity,
      h('button', { type: 'submit' }, 'Update'));
    update.addEventListener('submit', (event) => {
      event.preventDefault();
      // An empty field is not 0: 0 removes the line, so only a number the shopper typed is sent.
      if (!/^\d{1,2}$/.test(quantity.value.trim())) {
        quantity.setCustomValidity('Enter a quantity from 0 to 99 (0 removes the item).');
        quantity.reportValidity();
        return;
      }
      quantity.setCustomValidity('');
      change(line, { method: 'PUT', body: { quantity: Number(quantity.value) } }, `${line.name}: quantity ${Number(quantity.value)}.`, id);
    });
    return h('tr', {},
      h('th', { scope: 'row' }, link(`#/products/${encodeURIComponent(line.productId)}`, line.name), h('div', { class: 'muted' }, `${line.sku} · from ${line.warehouse}`)),
      h('td', { class: 'num' }, money(line.unitPrice, currency)),
      h('td', {}, update),
      h('td', { class: 'num' }, money(line.totalPrice, currency)),
      h('td', {}, h('button', { type: 'button', class: 'linkish', 'aria-label': `Remove ${line.name} (${line.sku})`, onclick: () => change(line, { method: 'DELETE' }, `${line.name} removed.`) }, 'Remove')));
  });

  return [
    h('table', { class: 'lines' },
      h('caption', { class: 'visually-hidden' }, 'Items in your cart'),
      h('thead', {}, h('tr', {}, ['Item', 'Price', 'Quantity', 'Total', ''].map((t, i) => h('th', { scope: 'col', class: i === 1 || i === 3 ? 'num' : null }, t)))),
      h('tbody', {}, rows),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: '3' }, `Subtotal (${cart.totals.itemCount} items)`), h('td', { class: 'num', id: 'subtotal' }, money(cart.totals.subtotal, currency)), h('td')))),
    h('p', {}, link('#/checkout?new=1', 'Check out', { class: 'button' })),
  ];
}
