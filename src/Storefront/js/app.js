// The storefront: a page per hash route, each drawn from the REST API. Hash routes need no
// server support, so the BFF serves these files as they are.
import { cartCount, SIGNED_OUT } from './api.js';
import * as auth from './auth.js';
import { h, link, notice } from './dom.js';
import { catalogPage } from './pages/catalog.js';
import { productPage } from './pages/product.js';
import { cartPage } from './pages/cart.js';
import { checkoutPage } from './pages/checkout.js';
import { ordersPage, orderPage } from './pages/orders.js';
import { signInPage } from './pages/sign-in.js';

const routes = [
  { pattern: /^\/$/, page: catalogPage, title: 'Products' },
  { pattern: /^\/products\/([^/]+)$/, page: productPage, title: 'Product' },
  { pattern: /^\/cart$/, page: cartPage, title: 'Cart', signedIn: true },
  { pattern: /^\/checkout$/, page: checkoutPage, title: 'Checkout', signedIn: true },
  { pattern: /^\/orders$/, page: ordersPage, title: 'Orders', signedIn: true },
  { pattern: /^\/orders\/([^/]+)$/, page: orderPage, title: 'Order', signedIn: true },
  { pattern: /^\/sign-in$/, page: signInPage, title: 'Sign in' },
];

let rendering = null;

/** The page the hash names; a page that needs a customer sends a visitor to sign in first, and back after. */
async function render() {
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  const params = new URLSearchParams(query);
  const route = routes.find((r) => r.pattern.test(path));
  const main = document.getElementById('main');
  const controller = new AbortController();
  rendering?.abort();
  rendering = controller;

  if (route?.signedIn && !auth.current()) {
    location.replace(`#/sign-in?next=${encodeURIComponent(location.hash.slice(1))}`);
    return;
  }

  const page = h('div', { class: 'page' });
  document.title = `${route?.title ?? 'Not found'} · Checkout mesh shop`;
  markCurrent(path);
  drawAccount();
  try {
    if (!route) {
      page.append(h('h1', {}, 'Page not found'), link('#/', 'Back to the products'));
    } else {
      const args = path.match(route.pattern).slice(1).map(decodeURIComponent);
      await route.page(page, { args, params, signal: controller.signal, refreshCart });
    }
  } catch (error) {
    page.append(notice(error.message));
  }
  if (controller.signal.aborted) return;
  main.replaceChildren(page);
  // A new page is announced by moving focus to its heading, as a page load would.
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
  refreshCart();
}

function markCurrent(path) {
  for (const a of document.querySelectorAll('header nav a')) {
    const target = a.getAttribute('href').slice(1);
    if (target === path || (target !== '/' && path.startsWith(target))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function drawAccount() {
  const account = document.getElementById('account');
  const signedIn = auth.current();
  account.replaceChildren(signedIn
    ? h('span', { class: 'who' }, `Signed in as ${signedIn.customerId} `,
      h('button', { type: 'button', class: 'linkish', onclick: () => { auth.signOut(); location.hash = '#/'; drawAccount(); refreshCart(); } }, 'Sign out'))
    : link('#/sign-in', 'Sign in'));
}

/** The header's cart link with the number of items in it. */
export async function refreshCart() {
  const cart = document.getElementById('cart-link');
  try {
    const count = await cartCount();
    cart.textContent = count === null ? 'Cart' : `Cart (${count})`;
  } catch {
    cart.textContent = 'Cart';
  }
}

window.addEventListener('hashchange', render);
// A page that needs a customer sends the visitor to sign in, and back here after.
window.addEventListener(SIGNED_OUT, render);
render();
