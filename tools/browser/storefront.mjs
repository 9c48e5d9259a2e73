// The storefront as a shopper uses it, in Debian's Chromium (playwright-core): browse by
// category, add two products, change a quantity, check out with a promotion and points, see
// the order reach PROCESSING with its tracking number on its page without a reload; a
// declined card, then a new card added through the card gateway; a submission whose answer
// is lost, double-clicked and then sent again by the page after a reload, makes one order;
// a token refused at submit, then signing in again, makes one order; remove a line. Every page is keyboard- and label-addressable: the script
// finds controls by their labels and roles, as assistive technology does; and every page
// passes axe-core's WCAG 2.1 AA rules.
//
// Usage: node storefront.mjs http://127.0.0.1:8080 [screenshot-dir]   (exit 0 when every check held)
// Signs in as the demo customer CUST-12345 and spends its points: run it on a mesh of its own.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [base, shots] = process.argv.slice(2);
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const check = (condition, what) => { console.log(`${condition ? 'ok  ' : 'FAIL'} ${what}`); if (!condition) failures.push(what); };
const step = { timeout: 30_000 };
if (shots) mkdirSync(shots, { recursive: true });
const shoot = async (page, name) => { if (shots) await page.screenshot({ path: join(shots, `storefront-${name}.png`), fullPage: true }); };
// One of a product's first option, from the first warehouse, as a shopper adds it from its page.
const addToCart = async (page, productId) => {
  await page.goto(`${base}/#/products/${productId}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByText(/^Added to your cart/).waitFor(step);
};

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  // A Content-Security-Policy violation or a failed module load shows as a console error (an
  // answer with an error status, or the connection this script cuts, is reported as a failed resource).
  page.on('console', (message) => { if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:')) problems.push(`console: ${message.text()}`); });
  const submits = [];
  if (process.env.DEBUG) page.on('response', (r) => { if (r.url().includes('/api/')) console.log('resp', r.status(), r.url()); });
  if (process.env.DEBUG) page.on('console', (m) => console.log('console', m.text()));
  if (process.env.DEBUG) page.on('pageerror', (e) => console.log('pageerror', e.message));
  page.on('request', (request) => { if (request.url().endsWith('/api/v1/checkout/submit')) submits.push(request.headers()['idempotency-key']); });
  const ordersNow = () => page.evaluate(async () => {
    const { token } = JSON.parse(sessionStorage.getItem('shop.auth'));
    const response = await fetch('api/v1/orders', { headers: { Authorization: `Bearer ${token}` } });
    return (await response.json()).orders.length;
  });
  const heading = (text) => page.getByRole('heading', { level: 1, name: text }).waitFor(step);

  // Browse: all products a page at a time, then a category.
  await page.goto(`${base}/`);
  await heading('All products');
  const pager = page.getByRole('navigation', { name: 'Pages' });
  check(/Page 1 of [2-9]/.test(await pager.textContent()), `the catalog has more than one page: ${await pager.textContent()}`);
  await pager.getByRole('link', { name: 'Next page' }).click();
  await pager.getByText(/^Page 2 of/).waitFor(step);
  check(await page.getByRole('list', { name: 'Products' }).getByRole('listitem').count() > 0, 'the second page lists products');
  await pager.getByRole('link', { name: 'Previous page' }).click();
  await pager.getByText(/^Page 1 of/).waitFor(step);
  const categories = page.getByRole('navigation', { name: 'Categories' });
  await categories.getByRole('link', { name: 'audio' }).click();
  await heading('Products: audio');
  const audio = await page.getByRole('list', { name: 'Products' }).getByRole('listitem').allTextContents();
  check(audio.length > 0 && audio.every((text) => text.includes('· audio')), `the audio category lists audio products only (${audio.length})`);
  await shoot(page, 'catalog');

  // Sign in as the demo customer, from the header; back to where the shopper was.
  await page.getByRole('link', { name: 'Sign in' }).click();
  await heading('Sign in');
  await page.getByLabel('Customer id').fill('CUST-12345');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as CUST-12345').waitFor(step);
  check(true, 'the demo customer signs in with a development token');

  // A product page: SKUs and prices, stock per warehouse, active promotions; add one.
  await page.goto(`${base}/#/?category=audio`);
  await page.getByRole('link', { name: 'Premium Wireless Headphones' }).click();
  await heading('Premium Wireless Headphones');
  check(await page.getByRole('region', { name: 'Active promotions' }).getByText('SUMMER2024').isVisible(), 'the product page shows its active promotion');
  check(await page.getByRole('table', { name: 'Stock by warehouse' }).getByRole('row').count() === 10, 'the product page shows stock for 3 options in 3 warehouses');
  await page.getByLabel('Option').selectOption('SKU-ABC-001');
  await page.getByLabel('Ship from').selectOption('EU-CENTRAL-01');
  await page.getByLabel('Quantity').fill('60');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  const outOfStock = page.getByRole('alert');
  await outOfStock.waitFor(step);
  check(/has \d+ available in EU-CENTRAL-01, 60 requested/.test(await outOfStock.textContent()), `out of stock names how many are left: ${await outOfStock.textContent()}`);
  await page.getByLabel('Ship from').selectOption('US-WEST-01');
  await page.getByLabel('Quantity').fill('1');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByText(/^Added to your cart/).waitFor(step);
  await shoot(page, 'product');

  // A second product, from the keyboard: tab to the button and press Enter.
  await page.goto(`${base}/#/products/PROD-10001`);
  await heading('Sonora Wireless Earbuds');
  await page.getByLabel('Quantity').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText(/^Added to your cart: 2 items/).waitFor(step);
  await page.getByRole('link', { name: 'Cart (2)' }).waitFor(step);
  check(true, 'the header counts two items');

  // The cart: change the headphones to two.
  await page.getByRole('link', { name: 'Cart (2)' }).click();
  await heading('Your cart');
  await page.getByLabel('Quantity of Premium Wireless Headphones (SKU-ABC-001)').fill('2');
  await page.getByRole('form', { name: 'Quantity of Premium Wireless Headphones' }).getByRole('button', { name: 'Update' }).click();
  await page.getByText('Premium Wireless Headphones: quantity 2.').waitFor(step);
  check((await page.locator('#subtotal').textContent()) === '$799.97', `the subtotal follows the quantity: ${await page.locator('#subtotal').textContent()}`);
  await shoot(page, 'cart');

  // Checkout with a promotion and points: the breakdown is the API's, and the order charges it.
  await page.getByRole('link', { name: 'Check out' }).click();
  await heading('Checkout');
  check(await page.getByLabel('123 Main St, San Francisco, CA 94105').first().isChecked(), 'the saved shipping address is chosen');
  check(await page.getByLabel(/Visa ending 4242, default/).isChecked(), 'the default card is chosen');
  await page.getByLabel(/^SUMMER2024/).check();
  await page.getByLabel(/^Points to use/).fill('500');
  const breakdown = page.getByRole('region', { name: 'Price' });
  await breakdown.getByText('Loyalty points (500)').waitFor(step);
  check(await breakdown.getByText('Promotion SUMMER2024').isVisible(), 'the breakdown shows the promotion');
  const pricedTotal = await page.locator('#price-total').textContent();
  // Leave the field before the full-page screenshot: Chromium restores the scroll position the
  // screenshot moved when a field's change fires, which would move the button under the click.
  await page.getByLabel(/^Points to use/).blur();
  await shoot(page, 'checkout');
  // Every status the order page shows, in order, in this same document (no reload).
  await page.evaluate(() => {
    window.shownStatuses = [];
    new MutationObserver(() => {
      const status = document.getElementById('order-status')?.dataset.status;
      if (status && window.shownStatuses.at(-1) !== status) window.shownStatuses.push(status);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByText('Thank you: your order is placed and paid.').waitFor(step);
  check(new URL(page.url()).hash.startsWith('#/orders/ORD-'), 'the confirmation is the order page');
  const orderTotal = await page.getByRole('row', { name: /^Total/ }).locator('td').textContent();
  check(orderTotal === pricedTotal, `the order charges the priced total (${pricedTotal}, order ${orderTotal})`);
  await page.locator('#order-status[data-status="PROCESSING"]').waitFor(step);
  await page.locator('#tracking-number', { hasText: /^TRK/ }).waitFor(step);
  const shown = await page.evaluate(() => window.shownStatuses);
  check(shown[0] === 'CONFIRMED' && shown.at(-1) === 'PROCESSING',
    `the order page moves from CONFIRMED to PROCESSING (${shown.join(' → ')}) and shows tracking number ${await page.locator('#tracking-number').textContent()} without a reload`);
  await shoot(page, 'order');

  // A declined card, then a good one, in the same checkout.
  await addToCart(page, 'PROD-12345');
  await page.goto(`${base}/#/checkout?new=1`);
  await heading('Checkout');
  await page.getByLabel(/test card PM-TEST-DECLINED/).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  const declined = page.getByRole('alert').filter({ hasText: 'Choose another card' });
  await declined.waitFor(step);
  check(/declined/i.test(await declined.textContent()), `a declined card is shown: ${await declined.textContent()}`);
  // A new card: the number goes to the gateway (refused once for a wrong check digit), the
  // API saves its token, and the card is chosen.
  const addCard = page.getByRole('form', { name: 'Add a card' });
  await addCard.getByLabel('Card number').fill('4000 0566 5566 5557');
  await addCard.getByLabel('Expiry month').fill('12');
  await addCard.getByLabel('Expiry year').fill('2031');
  await addCard.getByLabel('Security code').fill('123');
  await addCard.getByRole('button', { name: 'Save card' }).click();
  const refusedCard = addCard.getByRole('alert');
  await refusedCard.waitFor(step);
  check(/number/i.test(await refusedCard.textContent()), `the gateway's refusal of a wrong number is shown: ${await refusedCard.textContent()}`);
  await addCard.getByLabel('Card number').fill('4000 0566 5566 5556');
  await addCard.getByRole('button', { name: 'Save card' }).click();
  await page.getByText('Your visa card ending 5556 is saved and chosen.').waitFor(step);
  check(await page.getByLabel(/Visa ending 5556/).isChecked(), 'the new card is listed and chosen');
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByText('Thank you: your order is placed and paid.').waitFor(step);
  check((await page.locator('#main').textContent()).includes('card ending 5556'), 'after the decline, the new card pays the same checkout');

  // A lost answer: the order is placed but the browser never hears it. A double click and a
  // reload later, there is still one order, found with the same key.
  await addToCart(page, 'PROD-12345');
  await page.goto(`${base}/#/checkout?new=1`);
  await heading('Checkout');
  await page.locator('#price-total').waitFor(step);
  const before = await ordersNow();
  submits.length = 0;
  await page.route('**/api/v1/checkout/submit', async (route) => { await route.fetch(); await route.abort('connectionreset'); });
  await page.getByRole('button', { name: 'Place order' }).dblclick();
  await page.getByRole('alert').filter({ hasText: 'cannot be placed twice' }).waitFor(step);
  await page.unroute('**/api/v1/checkout/submit');
  check(await ordersNow() === before + 1, 'the lost submission placed its order');
  check(await page.getByLabel('Express (2 days)').isDisabled(), 'the choices are locked while the submission is unresolved');
  // The reload finds the unresolved submission and sends it again by itself.
  await page.reload();
  await page.getByText('Thank you: your order is placed and paid.').waitFor(step);
  check(await ordersNow() === before + 1, `one order for a double click, a lost answer and a retry after a reload (${await ordersNow() - before})`);
  check(submits.length >= 2 && new Set(submits).size === 1, `every submission carried the same Idempotency-Key (${submits.length} sent)`);

  // Order history.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
  await heading('Your orders');
  check(await page.locator('#orders tbody tr').count() === before + 1, 'the history lists every order');
  await shoot(page, 'orders');
  const lastOrder = await page.locator('#orders tbody tr a').first().getAttribute('href');

  // The token refused at the moment of submitting: the page asks to sign in, comes back,
  // and sends the same submission with the same key.
  await addToCart(page, 'PROD-12345');
  await page.goto(`${base}/#/checkout?new=1`);
  await heading('Checkout');
  await page.locator('#price-total').waitFor(step);
  const beforeExpiry = await ordersNow();
  await page.evaluate(() => {
    const auth = JSON.parse(sessionStorage.getItem('shop.auth'));
    sessionStorage.setItem('shop.auth', JSON.stringify({ ...auth, token: `${auth.token}x` }));
  });
  submits.length = 0;
  await page.getByRole('button', { name: 'Place order' }).click();
  await heading('Sign in');
  await page.getByLabel('Customer id').fill('CUST-12345');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Thank you: your order is placed and paid.').waitFor(step);
  check(await ordersNow() === beforeExpiry + 1 && submits.length === 2 && submits[0] === submits[1],
    `after signing in again the submission goes again with its key: one order (${submits.length} sent)`);

  // Removing a line.
  await addToCart(page, 'PROD-10001');
  await page.goto(`${base}/#/cart`);
  await page.getByRole('button', { name: 'Remove Sonora Wireless Earbuds (SKU-10001-01)' }).click();
  await page.getByText('Sonora Wireless Earbuds removed.').waitFor(step);
  check(await page.getByText('Your cart is empty.').isVisible(), 'a removed line leaves the cart');

  // Every page through axe-core's WCAG 2.1 A and AA rules. axe is injected as a script, which
  // the storefront's policy rightly refuses, so this pass runs in a context that bypasses it.
  const audit = await browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: true });
  const a11y = await audit.newPage();
  a11y.on('pageerror', (error) => problems.push(`script error (audit): ${error.message}`));
  await a11y.goto(`${base}/#/sign-in`);
  await a11y.getByLabel('Customer id').fill('CUST-12345');
  await a11y.getByRole('button', { name: 'Sign in' }).click();
  await a11y.getByText('Signed in as CUST-12345').waitFor(step);
  await addToCart(a11y, 'PROD-12345');
  const pages = [['#/', 'All products'], ['#/products/PROD-12345', 'Premium Wireless Headphones'], ['#/cart', 'Your cart'],
    ['#/checkout?new=1', 'Checkout'], ['#/orders', 'Your orders'], [lastOrder, /^Order ORD-/], ['#/sign-in', 'Sign in']];
  for (const [hash, title] of pages) {
    await a11y.goto(`${base}/${hash}`);
    await a11y.getByRole('heading', { level: 1, name: title }).waitFor(step);
    if (hash.startsWith('#/checkout')) await a11y.locator('#price-total').waitFor(step);
    await a11y.addScriptTag({ path: axePath });
    const { violations } = await a11y.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
    check(violations.length === 0, `${hash}: no WCAG 2.1 AA violations${violations.map((v) => `\n    ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('')}`);
  }
  check(problems.length === 0, `no script, module or Content-Security-Policy errors${problems.length ? `: ${problems.join(' | ')}` : ''}`);
} catch (error) {
  const open = browser.contexts()[0]?.pages()[0];
  const shown = open ? `${await open.locator('[role=alert], [role=status]').allTextContents().catch(() => [])} | ${await open.locator('main').textContent().catch(() => '')}` : '';
  check(false, `the storefront could not be driven: ${error.message}\n  the page showed: ${shown.slice(0, 600)}`);
} finally {
  await browser.close();
}

console.log(failures.length === 0 ? 'every check held' : `${failures.length} checks failed`);
process.exit(failures.length === 0 ? 0 : 1);
