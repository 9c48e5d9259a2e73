// Products by category, a page at a time (GET /api/v1/products).
import { api } from '../api.js';
import { h, link, money } from '../dom.js';

const PAGE_SIZE = 12;

export async function catalogPage(page, { params }) {
  const category = params.get('category') ?? '';
  const number = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const query = new URLSearchParams({ page: String(number), pageSize: String(PAGE_SIZE) });
  if (category) query.set('category', category);
  const { body } = await api(`/products?${query}`);

  const at = (c, p = 1) => `#/?${new URLSearchParams({ ...(c ? { category: c } : {}), page: String(p) })}`;
  const categories = h('nav', { 'aria-label': 'Categories', class: 'categories' },
    h('ul', {},
      h('li', {}, link(at(''), 'All', { 'aria-current': category === '' ? 'page' : null })),
      body.categories.map((c) => h('li', {}, link(at(c), c, { 'aria-current': c === category ? 'page' : null })))));

  const products = h('ul', { class: 'grid', 'aria-label': 'Products' },
    body.products.map((p) => h('li', { class: 'card product' },
      h('h2', {}, link(`#/products/${encodeURIComponent(p.productId)}`, p.name)),
      h('p', { class: 'muted' }, `${p.brand} · ${p.category}`),
      h('p', { class: 'price' }, `from ${money(p.priceFrom, p.currency)}`),
      h('p', { class: 'muted' }, `${p.skus.length} ${p.skus.length === 1 ? 'option' : 'options'}`))));

  const pager = h('nav', { 'aria-label': 'Pages', class: 'pager' },
    number > 1 ? link(at(category, number - 1), 'Previous page', { rel: 'prev' }) : h('span'),
    h('span', {}, `Page ${body.page} of ${Math.max(1, body.totalPages)} (${body.totalCount} products)`),
    number < body.totalPages ? link(at(category, number + 1), 'Next page', { rel: 'next' }) : h('span'));

  page.append(h('h1', {}, category ? `Products: ${category}` : 'All products'), categories,
    body.products.length ? products : h('p', {}, 'No products here.'), pager);
}
