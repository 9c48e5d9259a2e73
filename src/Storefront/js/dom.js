// Building the page from data without ever parsing it as HTML: every text the API returns
// goes in as text, so a product name cannot inject markup.

/** Nodes and text from a list that may hold nested lists and left-out (null, undefined, false) parts. */
function present(children) {
  return children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (child instanceof Node ? child : String(child)));
}

/** Appends children to an element as h() takes them. */
export const add = (parent, ...children) => parent.append(...present(children));

/** Replaces an element's children with children as h() takes them. */
export const set = (parent, ...children) => parent.replaceChildren(...present(children));

/** An element with attributes (on* names are event listeners) and children (nodes or text). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') element.className = value;
    else if (typeof value !== 'string' && name in element) element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...present(children));
  return element;
}

const formats = new Map();

/** An amount as the shopper reads it: $1,249.99. Amounts come from the API; the page never computes one. */
export function money(amount, currency = 'USD') {
  if (!formats.has(currency)) formats.set(currency, new Intl.NumberFormat('en-US', { style: 'currency', currency }));
  return formats.get(currency).format(amount);
}

/** A message the shopper must notice (role=alert is read out at once), or a calm one (status). */
export function notice(text, kind = 'error') {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A fresh random id for an Idempotency-Key; getRandomValues works outside secure contexts too. */
export function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const link = (href, text, attributes = {}) => h('a', { href, ...attributes }, text);
