// @ts-check
import { api } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { roleName } from '../format.js';
import { hasAnyRole } from '../session.js';
import { refusalNotice } from '../components/refusal.js';
import { toast } from '../toast.js';
import { attachDirectoryPicker } from '../components/directory-picker.js';

/** Roles the security administrator can grant (the service itself, `system`, is nobody's). */
const GRANTABLE = ['applicant', 'unit', 'officer', 'reviewer', 'committee', 'leader', 'orgDept', 'auditor', 'sysAdmin', 'secAdmin', 'auditAdmin'];
const ADMIN_ROLES = ['sysAdmin', 'secAdmin', 'auditAdmin'];
/** Grants whose scope is a unit; every other role's scope is a body (jurisdiction) or everything. */
const UNIT_SCOPED = ['applicant', 'unit'];

/**
 * Accounts, as the 等保 three administrators share them (src/admin): the system administrator
 * creates, edits, disables and resets accounts but grants no roles; the security administrator
 * grants roles and their scopes but keeps no accounts. A change to an administrator's own account
 * is a request another administrator approves (the approvals page). The page offers each only
 * their own part, and says the rules above the list so that a refusal is no surprise.
 */
export async function accountsPage(ctx) {
  ctx.title = t('accounts.title');
  const [users, units, bodies] = await Promise.all([api('/api/admin/users'), api('/api/admin/units'), api('/api/admin/bodies')]);
  const page = new AccountsPage(ctx.user, users, units, bodies, ctx.query.get('account'));
  return page.element;
}

class AccountsPage {
  constructor(me, users, units, bodies, selected) {
    this.me = me;
    this.keeper = hasAnyRole(me, ['sysAdmin']);
    this.granter = hasAnyRole(me, ['secAdmin']);
    this.users = users;
    this.unitNames = new Map(units.map((unit) => [unit.id, unit.name]));
    this.bodyNames = new Map(bodies.map((body) => [body.id, body.name]));
    this.units = units;
    this.bodies = bodies;
    this.search = h('input', {
      id: uid('acc'),
      type: 'search',
      'data-testid': 'account-search',
      placeholder: t('accounts.searchPlaceholder'),
      onInput: () => this.renderList(),
    });
    this.listArea = h('div', { 'data-testid': 'account-list' });
    this.detail = h('section', { class: 'panel', 'aria-labelledby': 'account-heading', 'data-testid': 'account-detail', hidden: true });
    this.element = h(
      'section',
      { class: 'accounts-page' },
      h('h1', { tabindex: '-1' }, t('accounts.title')),
      dutyRules(),
      this.keeper ? this.createPanel() : null,
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'accounts-list-heading' },
        h('h2', { id: 'accounts-list-heading' }, t('accounts.list')),
        h('div', { class: 'field' }, h('label', { for: this.search.id }, t('accounts.search')), this.search),
        this.listArea,
      ),
      this.detail,
    );
    this.renderList();
    if (selected && this.users.some((user) => user.id === selected)) this.select(selected, false);
  }

  async reload(selected) {
    this.users = await api('/api/admin/users');
    this.renderList();
    if (selected) this.select(selected, false);
  }

  unitName(id) {
    return id ? (this.unitNames.get(id) ?? id) : t('accounts.noUnit');
  }

  scopeName(role, scope) {
    if (scope === '*') return t('accounts.scope.all');
    return (UNIT_SCOPED.includes(role) ? this.unitNames.get(scope) : this.bodyNames.get(scope)) ?? scope;
  }

  grantText(grant) {
    const principal = grant.principal ? t('accounts.principalMark') : '';
    return `${roleName(grant.role)}${principal}（${this.scopeName(grant.role, grant.scope)}）`;
  }

  status(user) {
    if (!user.active) return t('accounts.status.disabled');
    if (user.lockedUntil && Date.parse(user.lockedUntil) > Date.now()) return t('accounts.status.locked');
    return t('accounts.status.active');
  }

  renderList() {
    const text = this.search.value.trim().toLowerCase();
    const found = this.users.filter(
      (user) =>
        !text ||
        user.id.toLowerCase().includes(text) ||
        user.displayName.toLowerCase().includes(text) ||
        this.unitName(user.unitId).toLowerCase().includes(text) ||
        user.roles.some((grant) => this.grantText(grant).toLowerCase().includes(text)),
    );
    const columns = ['id', 'name', 'unit', 'roles', 'status', 'act'];
    const cell = (key, ...content) => h('td', { 'data-label': t(`accounts.col.${key}`) }, ...content);
    replace(
      this.listArea,
      h('p', { class: 'muted', 'data-testid': 'account-count' }, t('accounts.count', { shown: found.length, total: this.users.length })),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'account-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              columns.map((key) => h('th', { scope: 'col' }, t(`accounts.col.${key}`))),
            ),
          ),
          h(
            'tbody',
            {},
            found.map((user) =>
              h(
                'tr',
                { 'data-account': user.id, class: user.active ? undefined : 'account-disabled' },
                cell('id', user.id),
                cell('name', user.displayName),
                cell('unit', this.unitName(user.unitId)),
                cell(
                  'roles',
                  user.roles.length ? user.roles.map((grant) => this.grantText(grant)).join('；') : h('span', { class: 'muted' }, t('accounts.noRoles')),
                ),
                cell('status', this.status(user)),
                cell(
                  'act',
                  h(
                    'button',
                    { type: 'button', class: 'button-quiet', 'data-testid': 'account-open', onClick: () => this.select(user.id) },
                    t('accounts.open'),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** The system administrator's form for a new account (no roles: the security administrator grants them). */
  createPanel() {
    const notice = h('div', { 'aria-live': 'polite' });
    const fields = {
      id: h('input', { name: 'id', type: 'text', required: true, maxlength: 64, autocomplete: 'off', spellcheck: 'false' }),
      displayName: h('input', { name: 'displayName', type: 'text', required: true, maxlength: 100 }),
      unitId: unitField(null),
      password: h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password', maxlength: 200 }),
    };
    const form = h(
      'form',
      { class: 'admin-form', novalidate: true, 'data-testid': 'account-create' },
      labelled(fields.id, t('accounts.field.id'), t('accounts.hint.id')),
      labelled(fields.displayName, t('accounts.field.displayName')),
      labelled(fields.unitId, t('accounts.field.unit')),
      labelled(fields.password, t('accounts.field.password'), t('accounts.hint.password')),
      notice,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button-primary' }, t('accounts.create'))),
    );
    attachDirectoryPicker(fields.unitId, 'units');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replace(notice);
      const body = {
        id: fields.id.value.trim(),
        displayName: fields.displayName.value.trim(),
        unitId: fields.unitId.value.trim() || null,
        password: fields.password.value,
      };
      await submit(form, notice, 'account-create-refused', async () => {
        await api('/api/admin/users', { method: 'POST', body });
        form.reset();
        toast(t('accounts.created', { id: body.id }));
        await this.reload(body.id);
      });
    });
    return h(
      'details',
      { class: 'panel admin-create' },
      h('summary', {}, h('h2', { class: 'summary-heading' }, t('accounts.createHeading'))),
      h('p', { class: 'muted' }, t('accounts.createNote')),
      form,
    );
  }

  /** One account: its details and what this administrator may do with it. */
  select(id, focus = true) {
    const user = this.users.find((candidate) => candidate.id === id);
    if (!user) return;
    history.replaceState(null, '', `/app/admin/accounts?account=${encodeURIComponent(id)}`);
    const own = id === this.me?.id;
    const isAdministrator = user.roles.some((grant) => ADMIN_ROLES.includes(grant.role));
    replace(
      this.detail,
      h('h2', { id: 'account-heading', tabindex: '-1' }, t('accounts.detailHeading', { name: user.displayName, id: user.id })),
      h(
        'dl',
        { class: 'account-facts' },
        h('dt', {}, t('accounts.col.unit')),
        h('dd', {}, this.unitName(user.unitId)),
        h('dt', {}, t('accounts.col.status')),
        h('dd', { 'data-testid': 'account-status' }, this.status(user)),
        h('dt', {}, t('accounts.col.roles')),
        h('dd', { 'data-testid': 'account-roles' }, user.roles.length ? user.roles.map((grant) => this.grantText(grant)).join('；') : t('accounts.noRoles')),
      ),
      isAdministrator ? h('p', { class: 'notice notice-warning', 'data-testid': 'needs-approval' }, t('accounts.adminAccountNote')) : null,
      own ? h('p', { class: 'notice notice-warning' }, t('accounts.ownAccountNote')) : null,
      this.keeper ? [this.editForm(user), this.passwordForm(user)] : null,
      this.granter ? this.rolesForm(user) : null,
    );
    this.detail.hidden = false;
    if (focus) this.detail.querySelector('h2')?.focus();
  }

  editForm(user) {
    const notice = h('div', { 'aria-live': 'polite' });
    const displayName = h('input', { name: 'displayName', type: 'text', maxlength: 100, value: user.displayName });
    const unitId = unitField(user.unitId);
    const form = h(
      'form',
      { class: 'admin-form', novalidate: true, 'data-testid': 'account-edit' },
      h('h3', {}, t('accounts.editHeading')),
      labelled(displayName, t('accounts.field.displayName')),
      labelled(unitId, t('accounts.field.unit')),
      notice,
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button-primary' }, t('accounts.save')),
        h(
          'button',
          {
            type: 'button',
            class: user.active ? 'button-danger' : 'button-quiet',
            'data-testid': user.active ? 'account-disable' : 'account-enable',
            onClick: () => this.change(form, notice, user, { active: !user.active }),
          },
          t(user.active ? 'accounts.disable' : 'accounts.enable'),
        ),
      ),
    );
    attachDirectoryPicker(unitId, 'units');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const changes = {};
      if (displayName.value.trim() !== user.displayName) changes.displayName = displayName.value.trim();
      if ((unitId.value.trim() || null) !== user.unitId) changes.unitId = unitId.value.trim() || null;
      void this.change(form, notice, user, changes);
    });
    return form;
  }

  /** PATCH: 200 the account changed; 202 a request waiting for another administrator. */
  async change(form, notice, user, changes) {
    replace(notice);
    await submit(form, notice, 'account-edit-refused', async () => {
      const answer = await api(`/api/admin/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: changes });
      if (answer && answer.kind) return this.requested(answer);
      toast(t('accounts.saved'));
      await this.reload(user.id);
    });
  }

  passwordForm(user) {
    const notice = h('div', { 'aria-live': 'polite' });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', maxlength: 200 });
    const form = h(
      'form',
      { class: 'admin-form', novalidate: true, 'data-testid': 'account-password' },
      h('h3', {}, t('accounts.passwordHeading')),
      labelled(password, t('accounts.field.newPassword'), t('accounts.hint.password')),
      notice,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button-primary' }, t('accounts.resetPassword'))),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replace(notice);
      await submit(form, notice, 'account-password-refused', async () => {
        const answer = await api(`/api/admin/users/${encodeURIComponent(user.id)}/password`, { method: 'POST', body: { password: password.value } });
        password.value = '';
        if (answer && answer.kind) return this.requested(answer);
        replace(notice, h('p', { class: 'notice notice-ok', role: 'status', 'data-testid': 'password-reset-done' }, t('accounts.passwordDone')));
      });
    });
    return form;
  }

  /** A change to an administrator's account: requested, not done; someone else approves it. */
  requested(approval) {
    replace(
      this.detail,
      h('h2', { id: 'account-heading', tabindex: '-1' }, t('accounts.requestedHeading')),
      h(
        'p',
        { class: 'notice notice-warning', role: 'status', 'data-testid': 'approval-requested' },
        t('accounts.requested', { kind: t(`approvals.kind.${approval.kind}`), approver: roleName(approval.approverRole) }),
      ),
      h('p', {}, h('a', { href: '/app/admin/approvals', 'data-link': true }, t('accounts.toApprovals'))),
    );
    this.detail.querySelector('h2')?.focus();
  }

  /** The security administrator's grants of one account: role and scope per row. */
  rolesForm(user) {
    const notice = h('div', { 'aria-live': 'polite' });
    const rows = h('div', { class: 'grant-rows', 'data-testid': 'grant-rows' });
    const addRow = (grant) => {
      const role = h(
        'select',
        { name: 'role', 'aria-label': t('accounts.field.role') },
        GRANTABLE.map((name) => h('option', { value: name, selected: grant?.role === name }, roleName(name))),
      );
      // The scope: everything (*), or one unit or body picked from the directory by name or pinyin
      // initials (a unit for the roles whose scope is a unit, a body for the others).
      const extent = h(
        'select',
        { name: 'scopeExtent', 'aria-label': t('accounts.field.scope') },
        h('option', { value: '*', selected: (grant?.scope ?? '*') === '*' }, t('accounts.scope.all')),
        h('option', { value: 'one', selected: (grant?.scope ?? '*') !== '*' }, t('accounts.scope.one')),
      );
      const scopeSlot = h('div', { class: 'grant-scope' });
      let scope = h('input');
      const principal = h('input', { type: 'checkbox', name: 'principal', checked: grant?.principal || undefined });
      const principalLabel = h('label', { class: 'checkbox' }, principal, t('accounts.field.principal'));
      let pickerKind = '';
      const fillScope = () => {
        const administrator = ADMIN_ROLES.includes(role.value);
        if (administrator) extent.value = '*';
        extent.disabled = administrator;
        const kind = UNIT_SCOPED.includes(role.value) ? 'units' : 'bodies';
        if (kind !== pickerKind) {
          const current = pickerKind === '' && grant && grant.scope !== '*' ? grant.scope : '';
          scope = h('input', { type: 'text', name: 'scope', value: current, maxlength: 64, 'aria-label': t(`accounts.field.scope.${kind}`) });
          scopeSlot.replaceChildren(scope);
          attachDirectoryPicker(scope, kind);
          pickerKind = kind;
        }
        scopeSlot.hidden = extent.value === '*';
        principalLabel.hidden = role.value !== 'leader';
      };
      role.addEventListener('change', fillScope);
      extent.addEventListener('change', () => {
        fillScope();
        if (extent.value === 'one') scope.focus();
      });
      const row = h(
        'div',
        { class: 'grant-row', 'data-testid': 'grant-row' },
        role,
        extent,
        scopeSlot,
        principalLabel,
        h('button', { type: 'button', class: 'button-quiet', onClick: () => row.remove() }, t('accounts.removeGrant')),
      );
      fillScope();
      row.read = () => ({
        role: role.value,
        scope: extent.value === '*' ? '*' : scope.value.trim(),
        ...(role.value === 'leader' && principal.checked ? { principal: true } : {}),
      });
      rows.append(row);
      return role;
    };
    for (const grant of user.roles) addRow(grant);
    const form = h(
      'form',
      { class: 'admin-form', novalidate: true, 'data-testid': 'account-roles-form' },
      h('h3', {}, t('accounts.rolesHeading')),
      h('p', { class: 'muted' }, t('accounts.rolesNote')),
      rows,
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'button', class: 'button-quiet', 'data-testid': 'grant-add', onClick: () => addRow(undefined).focus() }, t('accounts.addGrant')),
      ),
      notice,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button-primary' }, t('accounts.saveRoles'))),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replace(notice);
      const roles = [...rows.children].map((row) => /** @type {any} */ (row).read());
      await submit(form, notice, 'account-roles-refused', async () => {
        await api(`/api/admin/users/${encodeURIComponent(user.id)}/roles`, { method: 'PUT', body: { roles } });
        toast(t('accounts.rolesSaved'));
        await this.reload(user.id);
      });
    });
    return form;
  }
}

/** The separation-of-duties rules the service enforces, stated where the work is done. */
function dutyRules() {
  return h(
    'section',
    { class: 'panel duty-rules', 'data-testid': 'duty-rules', 'aria-labelledby': 'duty-rules-heading' },
    h('h2', { id: 'duty-rules-heading' }, t('accounts.rulesHeading')),
    h(
      'ul',
      {},
      ['keeper', 'granter', 'adminAlone', 'approval', 'self', 'lapse'].map((key) => h('li', {}, t(`accounts.rule.${key}`))),
    ),
  );
}

function labelled(control, text, hint) {
  control.id = control.id || uid('acc');
  const hintEl = hint ? h('p', { class: 'field-hint', id: uid('hint') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, text), control, hintEl);
}

/** Sends one change with the form's buttons held; a refusal stays next to the form. */
async function submit(form, notice, testid, send) {
  const buttons = [...form.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  try {
    await send();
  } catch (error) {
    replace(notice, refusalNotice(error, testid));
    notice.querySelector('[role="alert"]')?.scrollIntoView({ block: 'nearest' });
  } finally {
    for (const button of buttons) if (button.isConnected) button.disabled = false;
  }
}

/** An account's unit, picked from the directory (components/directory-picker.js); empty: none. */
function unitField(current) {
  return h('input', { name: 'unitId', type: 'text', maxlength: 64, value: current ?? '', placeholder: t('accounts.noUnit') });
}
