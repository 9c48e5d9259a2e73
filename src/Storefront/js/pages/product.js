// One product (GET /api/v1/products/{id}): its SKUs and prices, stock per warehouse, active
// promotions, and adding it to the cart with a chosen SKU and warehouse.
import { api } from '../api.js';
import * as auth from '../auth.js';
import { add, h, link, money, notice } from '../dom.js';

export async function productPage(page, { args, refreshCart }) {
  const [productId] = args;
  const { body: product } = await api(`/products/${encodeURIComponent(productId)}`);
  const stockOf = (sku) => product.availability.filter((a) => a.sku === sku);
  const message = h('div', { 'aria-live': 'polite' });

  const sku = h('select', { id: 'sku', name: 'sku' },
    product.skus.map((s) => h('option', { value: s.sku, disabled: !s.active }, `${s.variant} (${s.sku}), ${money(s.price, product.currency)}${s.active ? '' : ', no longer sold'}`)));
  const warehouse = h('select', { id: 'warehouse', name: 'warehouseId' });
  const quantity = h('input', { id: 'quantity', name: 'quantity', type: 'number', min: '1', max: '99', value: '1', required: true, inputmode: 'numeric' });
  const drawWarehouses = () => warehouse.replaceChildren(...stockOf(sku.value).map((a) =>
    h('option', { value: a.warehouse }, `${a.warehouse}: ${a.available} available`)));
  sku.addEventListener('change', drawWarehouses);
  drawWarehouses();

  const form = h('form', { class: 'card', 'aria-label': 'Add to cart' },
    h('label', { for: 'sku' }, 'Option'), sku,
    h('label', { for: 'warehouse' }, 'Ship from'), warehouse,
    h('label', { for: 'quantity' }, 'Quantity'), quantity,
    h('button', { type: 'submit', disabled: !product.active }, 'Add to cart'),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!auth.current()) {
      location.hash = `#/sign-in?next=${encodeURIComponent(`/products/${productId}`)}`;
      return;
    }
    message.replaceChildren();
    try {
      const { body } = await api('/cart/items', { method: 'POST', body: { productId, sku: sku.value, warehouseId: warehouse.value, quantity: Number(quantity.value) } });
      message.replaceChildren(notice(`Added to your cart: ${body.cart.totals.itemCount} items, ${money(body.cart.totals.subtotal, body.cart.totals.currency)}.`, 'ok'), link('#/cart', 'Go to the cart'));
      refreshCart();
    } catch (error) {
      message.replaceChildren(notice(error.message));
    }
  });

  const stock = h('table', {},
    h('caption', {}, 'Stock by warehouse'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Option'), h('th', { scope: 'col' }, 'Warehouse'), h('th', { scope: 'col', class: 'num' }, 'Available'))),
    h('tbody', {}, product.availability.map((a) => h('tr', {},
      h('td', {}, product.skus.find((s) => s.sku === a.sku)?.variant ?? a.sku), h('td', {}, a.warehouse), h('td', { class: 'num' }, String(a.available))))));

  add(page,
    h('p', {}, link(`#/?category=${encodeURIComponent(product.category)}`, `← ${product.category}`)),
    h('h1', {}, product.name),
    h('p', { class: 'muted' }, product.brand),
    h('p', {}, product.description),
    product.active ? null : notice('This product is no longer sold.'),
    product.promotions.length
      ? h('section', { class: 'promotions', 'aria-label': 'Active promotions' }, h('h2', {}, 'Active promotions'),
        h('ul', {}, product.promotions.map((p) => h('li', {}, h('strong', {}, p.code), ` ${p.description}`))))
      : null,
    h('div', { class: 'columns' }, form, stock));
}
