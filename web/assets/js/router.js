// @ts-check
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { getUser, getToken } from './session.js';

/**
 * History-API routing under /app/. Each page is `async (ctx) => Element`; the element replaces the
 * main region only if no newer navigation started meanwhile. Links opt in with `data-link`.
 */
const routes = [];
let generation = 0;
/** @type {(ctx: object) => void} */
let afterRender = () => {};

/**
 * `allow(user)` keeps a page to those it is for; others get "not found", as the API answers.
 * @param {RegExp | string} pattern
 * @param {(ctx: any) => unknown} page
 * @param {{ isPublic?: boolean, allow?: (user: any) => boolean }} [options]
 */
export function route(pattern, page, { isPublic = false, allow } = {}) {
  routes.push({ pattern, page, isPublic, allow });
}

let deniedPage = null;
export const onDenied = (page) => {
  deniedPage = page;
};

export const onRendered = (callback) => {
  afterRender = callback;
};

export function navigate(path, { replace: replaceEntry = false } = {}) {
  if (replaceEntry) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render();
}

/** Re-renders the current page (after the language switch, or a page asking to refresh itself). */
export function refresh() {
  return render({ keepFocus: true });
}

export function startRouter() {
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-link]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });
  return render();
}

async function render({ keepFocus = false } = {}) {
  const mine = ++generation;
  const main = document.getElementById('main');
  const url = new URL(location.href);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const found = match(path);
  if (!found.route.isPublic && !getToken()) {
    const next = `${url.pathname}${url.search}`;
    return navigate(`/app/login${next.startsWith('/app/') && next !== '/app/login' ? `?next=${encodeURIComponent(next)}` : ''}`, { replace: true });
  }
  main.setAttribute('aria-busy', 'true');
  const ctx = {
    params: found.params,
    query: url.searchParams,
    user: getUser(),
    isCurrent: () => mine === generation,
    title: '',
  };
  let view;
  const page = found.route.allow && !found.route.allow(ctx.user) ? deniedPage : found.route.page;
  try {
    view = await page(ctx);
  } catch (error) {
    view = h('section', { class: 'panel error-panel', role: 'alert' }, h('h1', { tabindex: '-1' }, t('error.page')), h('p', {}, describe(error)));
  }
  if (mine !== generation) return;
  replace(main, view);
  main.removeAttribute('aria-busy');
  document.title = ctx.title ? `${ctx.title} · ${t('app.title')}` : t('app.title');
  afterRender(ctx);
  if (!keepFocus) (main.querySelector('h1') ?? main).focus({ preventScroll: false });
}

function describe(error) {
  if (error?.code === 'NETWORK') return t('error.network');
  return error?.message ?? String(error);
}

function match(path) {
  for (const candidate of routes) {
    const result = candidate.pattern.exec(path);
    if (result) return { route: candidate, params: result.groups ?? {} };
  }
  return { route: routes.find((candidate) => candidate.pattern.source === '.*'), params: {} };
}
