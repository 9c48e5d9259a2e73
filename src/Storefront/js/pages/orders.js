// The customer's orders (GET /api/v1/orders) and one order (GET /api/v1/orders/{id}). An
// order page follows the order as events move it on (CONFIRMED, then PROCESSING with the
// shipment's tracking number) by asking again, without a reload.
import { api } from '../api.js';
import { add, h, link, money, notice } from '../dom.js';
import { PLACED } from './checkout.js';

const STATUS_TEXT = {
  PENDING_PAYMENT: 'Waiting for payment',
  PAYMENT_REVIEW: 'Payment under review',
  CONFIRMED: 'Confirmed',
  PROCESSING: 'Processing',
  SHIPPED: 'Shipped',
  PAYMENT_FAILED: 'Payment failed',
  CANCELLED: 'Cancelled',
};
// Asking again every second at first, then every five, and not after ten minutes: a person
// watching the page never meets the API's rate limit (120 calls a minute).
const FAST_POLLS = 10;
const POLL_FOR_MS = 10 * 60 * 1000;

const statusText = (status) => STATUS_TEXT[status] ?? status;

export async function ordersPage(page) {
  const { body } = await api('/orders');
  page.append(h('h1', {}, 'Your orders'));
  if (body.orders.length === 0) {
    page.append(h('p', {}, 'No orders yet. ', link('#/', 'Browse the products')));
    return;
  }
  page.append(h('table', { class: 'lines', id: 'orders' },
    h('caption', { class: 'visually-hidden' }, 'Your orders, newest first'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Order'), h('th', { scope: 'col' }, 'Placed'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col', class: 'num' }, 'Total'))),
    h('tbody', {}, body.orders.map((o) => h('tr', {},
      h('th', { scope: 'row' }, link(`#/orders/${encodeURIComponent(o.orderId)}`, o.orderNumber)),
      h('td', {}, new Date(o.timestamps.createdAt).toLocaleString()),
      h('td', {}, statusText(o.status)),
      h('td', { class: 'num' }, money(o.pricing.total, o.pricing.currency)))))));
}

export async function orderPage(page, { args, params, signal }) {
  const [orderId] = args;
  const order = placedNow(orderId) ?? (await api(`/orders/${encodeURIComponent(orderId)}`)).body;
  const placed = params.get('placed');
  // One status element, changed only when the status does, so that each change is read out once.
  const status = h('strong', { id: 'order-status' });
  const live = h('div', { class: 'live' }, h('p', { class: 'status', role: 'status' }, 'Status: ', status), h('div'));
  add(page,
    h('h1', {}, `Order ${order.orderNumber}`),
    placed === '201' ? notice('Thank you: your order is placed and paid.', 'ok') : null,
    placed === '202' ? notice('Your order is placed; the payment is being reviewed. Nothing is charged until it is approved.', 'info') : null,
    live,
    items(order),
    h('p', {}, link('#/orders', 'All your orders')));
  drawLive(live, order);
  follow(orderId, order, live, signal);
}

/** The order the checkout just placed, as its submission answered it (once: a reload asks the API). */
function placedNow(orderId) {
  const placed = JSON.parse(sessionStorage.getItem(PLACED) ?? 'null');
  sessionStorage.removeItem(PLACED);
  return placed?.orderId === orderId ? placed : null;
}

/** The parts that move: status, payment and shipment. */
function drawLive(live, order) {
  const tracking = order.shipping.trackingNumber;
  const status = live.querySelector('#order-status');
  if (status.dataset.status !== order.status) {
    status.dataset.status = order.status;
    status.textContent = statusText(order.status);
  }
  live.lastChild.replaceWith(
    h('dl', { class: 'facts' },
      h('dt', {}, 'Payment'), h('dd', {}, `${order.payment.status}${order.payment.last4 ? `, card ending ${order.payment.last4}` : ''}`),
      h('dt', {}, 'Shipping'), h('dd', {}, `${order.shipping.method} from ${order.shipping.warehouse}, estimated delivery ${order.shipping.estimatedDelivery}`),
      h('dt', {}, 'Tracking number'), h('dd', { id: 'tracking-number' }, tracking ?? 'Assigned once fulfilment starts'),
      order.loyalty.pointsEarned || order.loyalty.pointsUsed
        ? [h('dt', {}, 'Loyalty points'), h('dd', {}, `${order.loyalty.pointsUsed} used, ${order.loyalty.pointsEarned} earned${order.loyalty.newBalance === undefined ? '' : `, balance ${order.loyalty.newBalance}`}`)]
        : null));
}

function items(order) {
  const p = order.pricing;
  const row = (label, amount) => h('tr', {}, h('th', { scope: 'row', colspan: '2' }, label), h('td', { class: 'num' }, amount));
  return h('table', { class: 'lines' },
    h('caption', { class: 'visually-hidden' }, 'Items and price'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'), h('th', { scope: 'col', class: 'num' }, 'Quantity'), h('th', { scope: 'col', class: 'num' }, 'Total'))),
    h('tbody', {}, order.items.map((i) => h('tr', {},
      h('th', { scope: 'row' }, i.name, h('div', { class: 'muted' }, `${i.sku} · ${money(i.unitPrice, p.currency)} each`)),
      h('td', { class: 'num' }, String(i.quantity)),
      h('td', { class: 'num' }, money(i.totalPrice, p.currency))))),
    h('tfoot', {},
      row('Subtotal', money(p.subtotal, p.currency)),
      p.discounts.map((d) => row(d.type === 'loyalty_points' ? `Loyalty points (${d.pointsUsed})` : `${d.type === 'tier' ? 'Member discount' : 'Promotion'} ${d.code ?? ''}`, `−${money(d.amount, p.currency)}`)),
      row('Shipping', money(p.shipping, p.currency)),
      row('Tax', money(p.tax, p.currency)),
      row('Total', money(p.total, p.currency))));
}

/** Whether the order may still change on its own: payment pending or in review, or fulfilment without its tracking number yet. */
const moving = (order) => ['PENDING_PAYMENT', 'PAYMENT_REVIEW', 'CONFIRMED'].includes(order.status)
  || (order.status === 'PROCESSING' && !order.shipping.trackingNumber);

async function follow(orderId, order, live, signal) {
  const until = Date.now() + POLL_FOR_MS;
  for (let poll = 1; moving(order) && Date.now() < until; poll++) {
    await new Promise((resolve) => setTimeout(resolve, poll <= FAST_POLLS ? 1000 : 5000));
    if (signal.aborted || !live.isConnected) return;
    try {
      ({ body: order } = await api(`/orders/${encodeURIComponent(orderId)}`));
      drawLive(live, order);
    } catch {
      // A missed poll is retried at the next one.
    }
  }
}
