import { api, ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime, roleName } from '../format.js';
import { conditionList } from '../components/conditions.js';
import { toast } from '../toast.js';

/**
 * The system administrator's rules of a jurisdiction (issue 19): its catalogue of tolerance and
 * exclusion situations — each edit a new version, cases keep the version they were assessed
 * under — and the committee its collective decisions are held by. The service checks every entry
 * and names each problem; the page shows them next to the form and marks the rows concerned.
 */
export async function cataloguePage(ctx) {
  ctx.title = t('catalogue.title');
  const [overview, committees, bodies] = await Promise.all([api('/api/admin/catalogues'), api('/api/admin/committees'), api('/api/admin/bodies')]);
  const chosen = new URLSearchParams(location.search).get('jurisdiction') ?? overview[0]?.jurisdiction;
  // A jurisdiction by the body's name (济南市纪委监委), not the code it is kept under.
  const bodyNames = new Map(bodies.map((body) => [body.id, body.name]));
  const page = new CataloguePage(overview, committees, chosen, bodyNames);
  await page.load();
  return page.element;
}

class CataloguePage {
  /** @param {Map<string, string>} bodyNames body id → name */
  constructor(overview, committees, jurisdiction, bodyNames) {
    this.overview = overview;
    this.committees = committees;
    this.jurisdiction = jurisdiction;
    this.picker = h(
      'select',
      { id: uid('cat'), 'data-testid': 'catalogue-jurisdiction', onChange: () => this.choose(this.picker.value) },
      overview.map((item) =>
        h('option', { value: item.jurisdiction, selected: item.jurisdiction === jurisdiction }, bodyNames.get(item.jurisdiction) ?? item.jurisdiction),
      ),
    );
    this.cataloguePanel = h('section', { class: 'panel', 'aria-labelledby': 'catalogue-heading', 'data-testid': 'catalogue-panel' });
    this.historyPanel = h('section', { class: 'panel', 'aria-labelledby': 'catalogue-history-heading', 'data-testid': 'catalogue-history' });
    this.committeePanel = h('section', { class: 'panel', 'aria-labelledby': 'committee-heading', 'data-testid': 'committee-panel' });
    this.element = h(
      'section',
      { class: 'catalogue-page' },
      h('h1', { tabindex: '-1' }, t('catalogue.title')),
      h('p', { class: 'calendar-intro' }, t('catalogue.intro')),
      h('div', { class: 'field catalogue-picker' }, h('label', { for: this.picker.id }, t('catalogue.jurisdiction')), this.picker),
      this.cataloguePanel,
      this.committeePanel,
      this.historyPanel,
    );
  }

  async choose(jurisdiction) {
    this.jurisdiction = jurisdiction;
    history.replaceState(null, '', `/app/admin/catalogues?jurisdiction=${encodeURIComponent(jurisdiction)}`);
    await this.load();
  }

  async load(version) {
    const query = version ? `?version=${version}` : '';
    this.catalogue = await api(`/api/admin/catalogues/${encodeURIComponent(this.jurisdiction)}${query}`);
    this.renderCatalogue();
    this.renderHistory();
    this.renderCommittee();
  }

  /** The version in force as an editable list; an older version read only. */
  renderCatalogue() {
    const { catalogue } = this;
    const current = catalogue.version === catalogue.versions[0]?.version;
    this.rows = [];
    this.body = h('tbody', {});
    for (const entry of catalogue.entries) this.addRow(entry, !current);
    this.notice = h('div', { class: 'calendar-form-notice', 'aria-live': 'polite' });
    this.note = h('input', { id: uid('cat'), type: 'text', maxlength: 500, placeholder: t('catalogue.notePlaceholder') });
    const save = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'catalogue-save' }, t('catalogue.save'));
    const form = h(
      'form',
      { class: 'catalogue-form', novalidate: true },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'catalogue-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['code', 'kind', 'zh', 'en', 'legalBasis', 'describe'].map((key) => h('th', { scope: 'col' }, t(`catalogue.col.${key}`))),
              current ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('catalogue.remove'))) : null,
            ),
          ),
          this.body,
        ),
      ),
      current
        ? [
            h(
              'div',
              { class: 'form-actions' },
              h(
                'button',
                { type: 'button', class: 'button-quiet', 'data-testid': 'catalogue-add', onClick: () => this.addRow(undefined, false, true) },
                t('catalogue.add'),
              ),
            ),
            h('div', { class: 'field' }, h('label', { for: this.note.id }, t('catalogue.note')), this.note),
            this.notice,
            h('div', { class: 'form-actions' }, save),
          ]
        : h('p', { class: 'muted' }, h('a', { href: '#', onClick: (event) => (event.preventDefault(), void this.load()) }, t('catalogue.backToCurrent'))),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save(save);
    });
    replace(
      this.cataloguePanel,
      h(
        'h2',
        { id: 'catalogue-heading' },
        t('catalogue.version', { version: catalogue.version }),
        current ? ` · ${t('catalogue.inForce')}` : ` · ${t('catalogue.older')}`,
      ),
      h(
        'p',
        { class: 'muted', 'data-testid': 'catalogue-meta' },
        t('catalogue.meta', { by: who(catalogue.createdBy), at: dateTime(catalogue.createdAt) }),
        catalogue.note ? ` · ${catalogue.note}` : '',
      ),
      form,
    );
  }

  addRow(entry, readOnly, focus = false) {
    const id = uid('row');
    const input = (name, value, attrs = {}) =>
      h('input', { type: 'text', name, value: value ?? '', disabled: readOnly || undefined, 'aria-label': t(`catalogue.col.${name}`), ...attrs });
    const cells = {
      code: input('code', entry?.code, { maxlength: 16, class: 'catalogue-code', autocapitalize: 'characters' }),
      kind: h(
        'select',
        { name: 'kind', disabled: readOnly || undefined, 'aria-label': t('catalogue.col.kind') },
        ['tolerance', 'exclusion'].map((kind) => h('option', { value: kind, selected: entry?.kind === kind }, t(`catalogue.kind.${kind}`))),
      ),
      zh: h('textarea', { name: 'zh', rows: 2, maxlength: 500, disabled: readOnly || undefined, 'aria-label': t('catalogue.col.zh') }, entry?.wording.zh ?? ''),
      en: h('textarea', { name: 'en', rows: 2, maxlength: 500, disabled: readOnly || undefined, 'aria-label': t('catalogue.col.en') }, entry?.wording.en ?? ''),
      legalBasis: h(
        'textarea',
        { name: 'legalBasis', rows: 2, maxlength: 500, disabled: readOnly || undefined, 'aria-label': t('catalogue.col.legalBasis') },
        entry?.legalBasis ?? '',
      ),
      describe: h('input', {
        type: 'checkbox',
        name: 'describe',
        checked: entry?.describe || undefined,
        disabled: readOnly || undefined,
        'aria-label': t('catalogue.col.describe'),
      }),
    };
    const row = h(
      'tr',
      { 'data-row': id, 'data-code': entry?.code ?? '' },
      Object.entries(cells).map(([key, control]) => h('td', { 'data-label': t(`catalogue.col.${key}`), 'data-field': key }, control)),
      readOnly ? null : h('td', {}, h('button', { type: 'button', class: 'button-quiet', onClick: () => this.removeRow(row) }, t('catalogue.remove'))),
    );
    this.rows.push({ row, cells });
    this.body.append(row);
    if (focus) cells.code.focus();
  }

  removeRow(row) {
    this.rows = this.rows.filter((item) => item.row !== row);
    row.remove();
  }

  entries() {
    return this.rows.map(({ cells }) => ({
      code: cells.code.value.trim().toUpperCase(),
      kind: cells.kind.value,
      zh: cells.zh.value.trim(),
      en: cells.en.value.trim(),
      legalBasis: cells.legalBasis.value.trim(),
      describe: cells.describe.checked,
    }));
  }

  async save(button) {
    this.clearErrors();
    button.disabled = true;
    try {
      const body = { expectedVersion: this.catalogue.version, entries: this.entries(), ...(this.note.value.trim() ? { note: this.note.value.trim() } : {}) };
      const saved = await api(`/api/admin/catalogues/${encodeURIComponent(this.jurisdiction)}`, { method: 'PUT', body });
      toast(t('catalogue.saved', { version: saved.version }));
      await this.load();
      this.element.querySelector('#catalogue-heading')?.focus();
    } catch (error) {
      this.explain(error);
    } finally {
      button.disabled = false;
    }
  }

  /** The reasons next to the form; the rows and cells concerned marked. */
  explain(error) {
    if (!(error instanceof ApiError)) throw error;
    const conditions = Array.isArray(error.details?.conditions) ? error.details.conditions : [];
    for (const item of conditions) {
      const match = /^entries\[(\d+)\](?:\.(\w+))?$/.exec(item.field ?? '');
      if (!match) continue;
      const row = this.rows[Number(match[1])];
      row?.row.classList.add('has-error');
      const cell = match[2] ? row?.cells[match[2]] : undefined;
      cell?.setAttribute('aria-invalid', 'true');
      cell?.closest('td')?.classList.add('has-error');
    }
    const notice = h(
      'div',
      { class: 'notice notice-error', role: 'alert', tabindex: '-1', 'data-testid': 'catalogue-refused' },
      h('p', {}, t('catalogue.refused')),
      conditionList(error) ?? h('p', {}, error.message),
    );
    replace(this.notice, notice);
    notice.focus();
  }

  clearErrors() {
    replace(this.notice);
    for (const node of this.element.querySelectorAll('.has-error')) node.classList.remove('has-error');
    for (const node of this.element.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  }

  renderHistory() {
    replace(
      this.historyPanel,
      h('h2', { id: 'catalogue-history-heading' }, t('catalogue.history')),
      h(
        'ol',
        { class: 'plain-list catalogue-versions', reversed: true },
        this.catalogue.versions.map((version) =>
          h(
            'li',
            { 'data-version': version.version },
            h(
              'a',
              { href: '#', onClick: (event) => (event.preventDefault(), void this.load(version.version)) },
              t('catalogue.version', { version: version.version }),
            ),
            ' ',
            h('span', { class: 'muted' }, t('catalogue.meta', { by: who(version.createdBy), at: dateTime(version.createdAt) })),
            version.note ? h('span', { class: 'muted' }, ` · ${version.note}`) : null,
          ),
        ),
      ),
    );
  }

  /** The committee: members one a line, the quorum (blank: more than half). */
  renderCommittee() {
    const committee = this.committees.find((item) => item.jurisdiction === this.jurisdiction);
    const ids = { members: uid('com'), quorum: uid('com') };
    const members = h('textarea', { id: ids.members, rows: 6, 'data-testid': 'committee-members' }, (committee?.members ?? []).join('\n'));
    const quorum = h('input', {
      id: ids.quorum,
      type: 'number',
      min: 1,
      step: 1,
      value: committee && !committee.defaultQuorum ? String(committee.quorum) : '',
      class: 'calendar-year-input',
    });
    const notice = h('div', { 'aria-live': 'polite' });
    const save = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'committee-save' }, t('committee.save'));
    const form = h(
      'form',
      { class: 'field-form', novalidate: true },
      h(
        'div',
        { class: 'field' },
        h('label', { for: ids.members }, t('committee.members')),
        members,
        h('p', { class: 'field-hint' }, t('committee.membersHint')),
      ),
      h('div', { class: 'field' }, h('label', { for: ids.quorum }, t('committee.quorum')), quorum, h('p', { class: 'field-hint' }, t('committee.quorumHint'))),
      notice,
      h('div', { class: 'form-actions' }, save),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      save.disabled = true;
      try {
        const body = {
          members: members.value
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
          expectedVersion: committee?.version ?? 0,
          ...(quorum.value.trim() ? { quorum: Number(quorum.value) } : {}),
        };
        const saved = await api(`/api/admin/committees/${encodeURIComponent(this.jurisdiction)}`, { method: 'PUT', body });
        this.committees = this.committees.map((item) => (item.jurisdiction === saved.jurisdiction ? saved : item));
        toast(t('committee.saved', { version: saved.version }));
        this.renderCommittee();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        replace(
          notice,
          h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, t('committee.refused')), conditionList(error) ?? h('p', {}, error.message)),
        );
      } finally {
        save.disabled = false;
      }
    });
    replace(
      this.committeePanel,
      h('h2', { id: 'committee-heading' }, t('committee.title')),
      h(
        'p',
        { class: 'muted', 'data-testid': 'committee-meta' },
        committee?.members
          ? t('committee.meta', {
              count: committee.members.length,
              quorum: committee.quorum,
              version: committee.version,
              by: who(committee.updatedBy),
              at: dateTime(committee.updatedAt),
            })
          : t('committee.none'),
      ),
      form,
    );
  }
}

/** Who saved a version: an account, or the service itself (the shipped defaults, the demo's committee). */
const who = (account) => (account === 'system' ? roleName('system') : account);
