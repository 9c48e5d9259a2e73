// Swagger UI as a person uses it, in Debian's Chromium (playwright-core): get a development
// token from the page's own "Try it out", authorize with it, and run the walkthrough (add to
// cart, view, start a checkout, submit, read the order) from the page.
//
// Usage: node swagger-ui.mjs http://127.0.0.1:8080 [customerId]   (exit 0 when every step held)
import { chromium } from 'playwright-core';

const [base, customerId = `CUST-UI-${Date.now()}`] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const check = (condition, what) => { console.log(`${condition ? 'ok  ' : 'FAIL'} ${what}`); if (!condition) failures.push(what); };

try {
  const page = await browser.newPage();
  await page.goto(`${base}/swagger/index.html`);
  await page.waitForSelector('.swagger-ui .info .title', { timeout: 30_000 });
  check((await page.textContent('.swagger-ui .info .title')).includes('Checkout API'), 'Swagger UI shows the Checkout API');
  check(await page.isVisible('.btn.authorize'), 'Swagger UI has an Authorize button');

  // Runs one operation from the page: expand, "Try it out", fill, Execute; returns the answer.
  async function run(id, { body, params = {}, path } = {}) {
    const block = page.locator(`#${id}`);
    await block.locator('.opblock-summary').first().click();
    await block.locator('.try-out__btn').click();
    for (const [name, value] of Object.entries(params)) {
      await block.locator(`tr[data-param-name="${name}"] input`).fill(value);
    }
    if (body !== undefined) {
      await block.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
    }
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith(path) && r.request().method() !== 'OPTIONS');
    await block.locator('.execute').click();
    const response = await answered;
    const json = await response.json().catch(() => null);
    await block.locator('.opblock-summary').first().click();
    return { status: response.status(), json };
  }

  const token = await run('operations-Development-IssueDevelopmentToken', { body: { customerId }, path: '/api/v1/dev/token' });
  check(token.status === 200 && typeof token.json?.token === 'string', `the page issues a development token (${token.status})`);

  await page.click('.btn.authorize');
  await page.fill('.auth-container input', token.json.token);
  await page.click('.auth-btn-wrapper .authorize');
  await page.click('.auth-btn-wrapper .btn-done');
  check(await page.isVisible('.btn.authorize.locked'), 'the page is authorized with the token');

  const added = await run('operations-CartApiService-AddCartItem', { body: { productId: 'PROD-12345', sku: 'SKU-ABC-001', quantity: 2, warehouseId: 'US-WEST-01' }, path: '/api/v1/cart/items' });
  check(added.status === 200 && added.json?.cart?.items?.length === 1, `add to cart: ${added.status}`);
  const cart = await run('operations-CartApiService-GetCart', { path: '/api/v1/cart' });
  check(cart.status === 200 && cart.json?.cart?.totals?.itemCount === 2, `view the cart: ${cart.status}`);
  const session = await run('operations-CheckoutApiService-InitiateCheckout', { body: {}, path: '/api/v1/checkout/initiate' });
  check(session.status === 200 && session.json?.checkoutSessionId, `start a checkout: ${session.status}`);
  const address = { street: '123 Main St', city: 'San Francisco', state: 'CA', zipCode: '94105', country: 'US' };
  const order = await run('operations-CheckoutApiService-SubmitCheckout', {
    body: { checkoutSessionId: session.json?.checkoutSessionId, shippingAddress: address, billingAddress: address, paymentMethod: { id: 'PM-TEST-VISA', type: 'credit_card' }, shippingMethod: 'standard' },
    params: { 'Idempotency-Key': `ui-${Date.now()}` },
    path: '/api/v1/checkout/submit',
  });
  check(order.status === 201 && order.json?.status === 'CONFIRMED', `submit and pay: ${order.status} ${order.json?.status ?? JSON.stringify(order.json)}`);
  const read = await run('operations-OrderApiService-GetOrder', { params: { orderId: order.json?.orderId ?? 'none' }, path: '/api/v1/orders/' });
  check(read.status === 200 && read.json?.orderId === order.json?.orderId, `read the order: ${read.status}`);
} catch (error) {
  check(false, `the page could not be driven: ${error.message}`);
} finally {
  await browser.close();
}

console.log(failures.length === 0 ? 'every check held' : `${failures.length} checks failed`);
process.exit(failures.length === 0 ? 0 : 1);
