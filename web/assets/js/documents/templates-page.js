// @ts-check
import { api } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { label } from '../i18n.js';
import { refusalNotice } from '../components/refusal.js';
import { toast } from '../toast.js';
import { dt } from './messages.js';

const BASE = '/app/admin/document-templates';

/**
 * The system administrator's templates of the documents (README "Templates"): every kind with its
 * version in force; one kind opened in an editor beside the placeholders it offers, saved as a new
 * version against the version loaded (the service refuses a fault naming its line, and a save over
 * someone else's newer version); the earlier versions readable below.
 */
export async function documentTemplatesPage(ctx) {
  ctx.title = dt('templates.title');
  const kinds = await api('/api/admin/document-templates');
  const wanted = ctx.query.get('kind');
  const chosen = kinds.find((kind) => kind.kind === wanted);
  const editor = h('div', { class: 'template-editor' });
  if (chosen) {
    await showEditor(editor, chosen);
    // The router focuses the page's h1 once this view is in place; an opened kind takes the focus
    // (and, on a phone, the scroll) to its editor instead, below the list of every kind.
    setTimeout(() => {
      if (ctx.isCurrent()) editor.querySelector('h2')?.focus();
    });
  }
  return h(
    'section',
    { class: 'templates-page' },
    h('h1', { tabindex: '-1' }, dt('templates.title')),
    h('p', { class: 'calendar-intro' }, dt('templates.intro')),
    kindTable(kinds, chosen?.kind),
    editor,
  );
}

function kindTable(kinds, current) {
  const cell = (key, ...content) => h('td', { 'data-label': dt(`templates.col.${key}`) }, ...content);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'templates-table', 'data-testid': 'template-kinds' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['kind', 'version', 'open'].map((key) => h('th', { scope: 'col' }, dt(`templates.col.${key}`))),
        ),
      ),
      h(
        'tbody',
        {},
        kinds.map((kind) =>
          h(
            'tr',
            { 'data-kind': kind.kind, 'aria-current': kind.kind === current ? 'true' : undefined },
            cell('kind', label(kind.label)),
            cell('version', h('span', { 'data-testid': 'template-version' }, dt('templates.version', { version: kind.version }))),
            cell(
              'open',
              h(
                'a',
                {
                  href: `${BASE}?kind=${encodeURIComponent(kind.kind)}`,
                  'data-link': true,
                  'aria-label': dt('templates.openLabel', { kind: label(kind.label) }),
                },
                dt('templates.open'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The list and the opened kind read from the service again (after a save, or to take up a newer version). */
async function reload(container, kind) {
  const kinds = await api('/api/admin/document-templates');
  const fresh = kinds.find((candidate) => candidate.kind === kind.kind) ?? kind;
  container.closest('.templates-page')?.querySelector('.table-wrap')?.replaceWith(kindTable(kinds, kind.kind));
  await showEditor(container, fresh);
  container.querySelector('h2')?.focus();
}

/** One kind: the editor on the version in force, its placeholders, and its history. */
async function showEditor(container, kind) {
  const versions = await api(`/api/admin/document-templates/${encodeURIComponent(kind.kind)}`);
  const latest = versions[versions.length - 1];
  const notice = h('div', { 'aria-live': 'polite' });
  const source = h('textarea', {
    id: uid('template'),
    name: 'source',
    rows: 18,
    spellcheck: 'false',
    class: 'template-source',
    'aria-describedby': 'template-syntax',
  });
  source.value = latest.source;
  const save = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'template-save' }, dt('templates.save'));
  const form = h(
    'form',
    { class: 'admin-form template-form', novalidate: true, 'data-testid': 'template-form', 'data-version': String(latest.version) },
    h('div', { class: 'field' }, h('label', { for: source.id }, dt('templates.source', { version: latest.version })), source),
    h('p', { class: 'field-hint', id: 'template-syntax' }, dt('templates.syntax')),
    notice,
    h('div', { class: 'form-actions' }, save),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(notice);
    source.removeAttribute('aria-invalid');
    save.disabled = true;
    try {
      const saved = await api(`/api/admin/document-templates/${encodeURIComponent(kind.kind)}`, {
        method: 'PUT',
        body: { source: source.value, expectedVersion: latest.version },
      });
      toast(dt('templates.saved', { kind: label(kind.label), version: saved.version }));
      await reload(container, kind);
    } catch (error) {
      if (error?.status === 400) source.setAttribute('aria-invalid', 'true');
      replace(notice, refusalNotice(error, 'template-refused'));
      // Someone saved a newer version meanwhile: the notice offers it (the text typed here is
      // replaced, so the administrator copies what they want to keep first).
      if (error?.status === 409) {
        notice.append(
          h(
            'div',
            { class: 'form-actions' },
            h(
              'button',
              { type: 'button', class: 'button-quiet', 'data-testid': 'template-reload', onClick: () => reload(container, kind) },
              dt('templates.reload'),
            ),
          ),
        );
      }
      notice.querySelector('[role="alert"]')?.scrollIntoView({ block: 'nearest' });
    } finally {
      if (save.isConnected) save.disabled = false;
    }
  });
  replace(
    container,
    h(
      'section',
      { class: 'panel', 'data-kind': kind.kind, 'aria-labelledby': 'template-heading' },
      h('h2', { id: 'template-heading', tabindex: '-1' }, dt('templates.editHeading', { kind: label(kind.label), version: latest.version })),
      h(
        'div',
        { class: 'template-columns' },
        form,
        h(
          'aside',
          { class: 'template-placeholders', 'aria-labelledby': 'placeholders-heading' },
          h('h3', { id: 'placeholders-heading' }, dt('templates.placeholders')),
          h(
            'dl',
            { 'data-testid': 'template-placeholders' },
            Object.entries(kind.placeholders ?? {}).map(([name, meaning]) => [h('dt', {}, h('code', {}, `{{${name}}}`)), h('dd', {}, meaning)]),
          ),
        ),
      ),
      h(
        'section',
        { class: 'template-history', 'aria-labelledby': 'history-heading' },
        h('h3', { id: 'history-heading' }, dt('templates.history')),
        [...versions]
          .reverse()
          .map((version) =>
            h(
              'details',
              { 'data-version': String(version.version) },
              h('summary', {}, dt(version.version === latest.version ? 'templates.versionInForce' : 'templates.version', { version: version.version })),
              h('pre', { class: 'template-text' }, version.source),
            ),
          ),
      ),
    ),
  );
}
