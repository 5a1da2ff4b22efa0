// @ts-check
import { api, ApiError, newIdempotencyKey } from '../api.js';
import { h, replace } from '../dom.js';
import { label, t } from '../i18n.js';
import { caseRef, dateTime, roleName, shortId } from '../format.js';
import { latestProcedures, procedureVersion } from '../procedures.js';
import { getUser, isAuditor, isStaff, rolesOf, takesPartInReveals } from '../session.js';
import { expectationView } from '../components/expectation.js';
import { toast } from '../toast.js';
import { caseLinks } from '../components/case-links.js';
import { deadlineList } from '../components/deadline-list.js';
import { warningPanel } from '../components/warning-panel.js';
import { supervisionPanel } from '../components/supervision-panel.js';
import { attachmentPicker, attachmentsPanel } from '../components/attachments-panel.js';
import { progressBar } from '../components/progress-bar.js';
import { recordNames, recordSections, resultView } from '../components/record-view.js';
import { stateDiagram } from '../components/state-diagram.js';
import { eventName, refusalText, timeline } from '../components/timeline.js';
import { conditionList } from '../components/conditions.js';
import { actionForm } from './action-form.js';
import { notFoundView } from './not-found-page.js';
import { staleNotice } from './stale-notice.js';
import { documentsPanel } from '../documents/documents-panel.js';
import { dt } from '../documents/messages.js';
import { issuedValues } from '../documents/issued-values.js';

/** Procedures whose cases hold sealed identities (the reporter's, the accuser's): src/reveals. */
const SEALING_PROCEDURES = ['clarification', 'falseAccusation'];

/** GET /api/cases/:id answers 404 for a case the caller may not see, exactly as for a missing one. */
export async function casePage(ctx) {
  const id = ctx.params.id;
  let view;
  try {
    view = await api(`/api/cases/${id}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      ctx.title = t('notFound.caseTitle');
      return notFoundView(t('notFound.caseTitle'), t('notFound.case'));
    }
    throw error;
  }
  const [definition, trail, procedures, warnings, supervisions, documents] = await Promise.all([
    procedureVersion(view.procedure, view.procedureVersion),
    api(`/api/cases/${id}/trail`),
    latestProcedures(),
    // The warning ladder and its letters are internal supervision: staff and auditors only.
    view.view === 'full' ? api(`/api/cases/${id}/warnings`) : null,
    // 上级督办、交办 (issue 18 §3): internal too.
    view.view === 'full' ? api(`/api/cases/${id}/supervisions`) : null,
    api(`/api/cases/${id}/documents`),
  ]);
  if (supervisions) view.supervisionBodies = supervisions.items.flatMap((item) => [item.byBody, item.toBody]);
  const page = new CasePage(definition, view, trail, procedures, warnings, await lookupsFor(definition, view), supervisions, documents);
  ctx.title = `${label(definition.label)} ${caseRef(view)}`;
  return page.element;
}

/**
 * The choices some fields take from the service (`lookup`): the situations of the catalogue the
 * case is assessed under, fetched only when an action the caller may take asks for them.
 */
async function lookupsFor(definition, view) {
  const wanted = new Set(view.allowedEvents.flatMap((type) => lookupsIn(definition.events[type]?.fields ?? {})));
  if (![...wanted].some((lookup) => lookup.startsWith('catalogue.'))) return {};
  const catalogue = await api(`/api/cases/${view.id}/catalogue`);
  const choices = (kind) =>
    catalogue.entries
      .filter((entry) => entry.kind === kind)
      .map((entry) => ({ value: entry.code, label: `${entry.code} ${label(entry.wording)}${entry.describe ? t('catalogue.describeHint') : ''}` }));
  return { 'catalogue.tolerance': choices('tolerance'), 'catalogue.exclusion': choices('exclusion') };
}

function lookupsIn(fields) {
  return Object.values(fields).flatMap((spec) => [...(spec.lookup ? [spec.lookup] : []), ...(spec.fields ? lookupsIn(spec.fields) : [])]);
}

class CasePage {
  constructor(definition, view, trail, procedures, warnings, lookups = {}, supervisions = null, documents = []) {
    this.warnings = warnings;
    this.supervisions = supervisions;
    this.documents = documents;
    this.lookups = lookups;
    this.definition = definition;
    this.view = view;
    this.trail = trail;
    this.procedures = procedures;
    this.user = getUser();
    // The API says how much the caller sees: a party (cadre, applicant, unit, organisation
    // department) gets plain wording and their timeline; staff and auditors the whole record.
    this.plain = view.view === 'party';
    this.element = h('article', { class: 'case-page', 'data-case-id': view.id });
    this.lastAttempt = null;
    this.render();
  }

  get lastPosition() {
    return this.trail.reduce((max, entry) => Math.max(max, entry.position ?? 0), 0);
  }

  /** @param {{ preserved?: { type: string, element: Element } }} [options] */
  render({ preserved } = {}) {
    const { definition, view } = this;
    const heading = h('h1', { tabindex: '-1' }, label(definition.label), ' ', h('span', { class: 'case-id', 'data-testid': 'case-no' }, caseRef(view)));
    const back = this.plain ? ['/app/my', 'nav.myCases'] : isStaff(this.user) ? ['/app/queue', 'nav.queue'] : ['/app/audit', 'nav.audit'];
    replace(
      this.element,
      h('nav', { class: 'breadcrumb', 'aria-label': t('nav.breadcrumb') }, h('a', { href: back[0], 'data-link': true }, t(back[1])), ' / ', caseRef(view)),
      heading,
      this.summary(),
      // A party's decision and notices come first, where they cannot be missed.
      this.plain
        ? this.section('served-documents', dt('documents.servedTitle'), h('p', { class: 'muted' }, dt('documents.servedHelp')), this.documentsPanel())
        : null,
      this.plain
        ? h(
            'section',
            { class: 'panel', 'aria-labelledby': 'progress-heading' },
            h('h2', { id: 'progress-heading' }, t('case.progress')),
            progressBar(definition, view),
            resultView(definition, view.data, { names: partyNames(view) }, this.servedDocumentNo()),
            this.expectation(),
          )
        : null,
      h(
        'div',
        { class: 'case-grid' },
        h(
          'div',
          { class: 'case-main' },
          this.section('actions', t('case.actions'), this.actions(preserved)),
          this.section(
            'timeline',
            this.plain ? t('case.milestones') : t('case.timeline'),
            timeline(definition, this.visibleTrail(), {
              plain: this.plain,
              names: this.names(),
              onReceipt: this.plain ? (entry, button) => void this.downloadReceipt(entry, button) : undefined,
            }),
          ),
          this.section('attachments', t('case.attachments'), attachmentsPanel(view, this.uploadRights())),
          this.section(
            'record',
            this.plain ? t('case.myRecord') : t('case.record'),
            recordSections(definition, view.data, { names: this.names(), hideActors: this.plain, open: this.plain ? ['application'] : [] }),
          ),
        ),
        h(
          'div',
          { class: 'case-side' },
          this.plain ? null : this.section('documents', dt('documents.title'), this.documentsPanel()),
          this.section('deadlines', t('case.deadlines'), deadlineList(definition, view.deadlines)),
          this.warnings ? this.section('warnings', t('warnings.title'), warningPanel(definition, view, this.warnings)) : null,
          this.supervisions
            ? this.section(
                'supervision',
                t('supervision.title'),
                supervisionPanel(view.id, this.supervisions, async () => {
                  [this.supervisions, this.trail] = await Promise.all([api(`/api/cases/${view.id}/supervisions`), api(`/api/cases/${view.id}/trail`)]);
                  view.supervisionBodies = this.supervisions.items.flatMap((item) => [item.byBody, item.toBody]);
                  this.render();
                }),
              )
            : null,
          this.section('links', t('case.links'), caseLinks(view, this.procedures)),
          isAuditor(this.user) ? h('p', {}, h('a', { href: `/app/audit?caseId=${view.id}`, 'data-link': true }, t('case.auditLink'))) : null,
          // Only the procedures that seal a reporter's or accuser's identity; only officers ask and leaders decide.
          SEALING_PROCEDURES.includes(view.procedure) && takesPartInReveals(this.user)
            ? h('p', {}, h('a', { href: `/app/cases/${view.id}/reveals`, 'data-link': true, 'data-testid': 'reveals-link' }, t('reveals.link')))
            : null,
        ),
      ),
      this.plain
        ? null
        : this.section(
            'diagram',
            t('case.diagram'),
            h('p', { class: 'muted' }, t('case.diagramHelp')),
            stateDiagram(definition, { current: view.state, visited: this.visitedStates() }),
          ),
    );
  }

  /** Staff of the case and its own parties upload (the service decides; this only spares a refused try). */
  uploadRights() {
    const staff = !this.plain && isStaff(this.user);
    return { canUpload: staff || (this.plain && rolesOf(this.user).includes('applicant')), staff };
  }

  documentsPanel() {
    return documentsPanel(this.view.id, this.documents, { plain: this.plain });
  }

  /** Names for the identifiers the record and the timeline keep. */
  names() {
    return recordNames(this.definition, this.view, this.trail, partyNames(this.view));
  }

  section(name, title, ...content) {
    const id = `section-${name}`;
    return h('section', { class: `panel section-${name}`, 'aria-labelledby': id, 'data-section': name }, h('h2', { id }, title), content);
  }

  summary() {
    const { definition, view } = this;
    const parties = view.data?.parties ?? {};
    const summary = h(
      'dl',
      { class: 'case-summary' },
      h(
        'div',
        {},
        h('dt', {}, t('case.state')),
        h(
          'dd',
          {},
          h(
            'span',
            { class: `badge badge-state${view.status === 'done' ? ' badge-done' : ''}`, 'data-testid': 'case-state', 'data-state': view.state },
            label(view.stateLabel),
          ),
        ),
      ),
      h(
        'div',
        {},
        h('dt', {}, t('case.turn')),
        h('dd', { 'data-testid': 'case-turn' }, view.turn.length ? view.turn.map(roleName).join(t('list.separator')) : t('case.noTurn')),
      ),
      parties.cadreId ? h('div', {}, h('dt', {}, t('party.cadreId')), h('dd', { 'data-testid': 'case-cadre' }, view.cadre?.name ?? parties.cadreId)) : null,
      parties.unitId ? h('div', {}, h('dt', {}, t('party.unitId')), h('dd', {}, view.unit?.name ?? parties.unitId)) : null,
      // The body one level up an appeal went to: it decides the appeal (issue 18 §3).
      view.appealBody ? h('div', {}, h('dt', {}, t('case.appealBody')), h('dd', { 'data-testid': 'case-appeal-body' }, view.appealBody.name)) : null,
      h('div', {}, h('dt', {}, t('case.updatedAt')), h('dd', {}, dateTime(view.updatedAt))),
    );
    if (this.plain) return summary;
    // The step count and the procedure's version matter to support and to the trail, not to the
    // office's work: folded away, so the case number in the heading is the number staff read.
    return h(
      'div',
      {},
      summary,
      h(
        'details',
        { class: 'case-internals' },
        h('summary', {}, t('case.internals')),
        h(
          'dl',
          { class: 'case-summary' },
          h('div', {}, h('dt', {}, t('case.version')), h('dd', { 'data-testid': 'case-version' }, String(view.version))),
          h(
            'div',
            {},
            h('dt', {}, t('case.procedureVersion')),
            h('dd', {}, `${label(definition.label)} ${t('case.procedureVersionNo', { version: view.procedureVersion })}`),
          ),
        ),
      ),
    );
  }

  /** The 文号 of the latest decision served on the party, as their timeline recorded it. */
  servedDocumentNo() {
    const served = this.visibleTrail().filter((entry) => entry.outcome !== 'refused' && typeof entry.data?.documentNo === 'string');
    return served.length ? served[served.length - 1].data.documentNo : undefined;
  }

  /**
   * What is expected of the applicant now and by when, in plain words. An action they may take at
   * any time (withdrawing) is offered, not expected: only a step that is theirs is "expected".
   */
  expectation() {
    return expectationView(this.definition, this.view, rolesOf(this.user));
  }

  /** The API already gives a party only their milestones; refusals are for staff and auditors. */
  /**
   * A party's receipt of one step (a .tlog-proof file): fetched with the session's token and handed
   * to the browser as a file, like the auditors' export.
   * @param {any} entry
   * @param {HTMLButtonElement} button
   */
  async downloadReceipt(entry, button) {
    button.disabled = true;
    try {
      const response = await api(`/api/cases/${this.view.id}/receipts/${entry.position}`, { raw: true, headers: { accept: 'text/plain' } });
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: `receipt-${this.view.caseNo || shortId(this.view.id)}-${entry.position}.tlog-proof`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast(t('timeline.receiptSaved'));
    } catch (error) {
      toast(error.message);
    } finally {
      button.disabled = false;
    }
  }

  visibleTrail() {
    return this.plain ? this.trail.filter((entry) => entry.outcome !== 'refused') : this.trail;
  }

  visitedStates() {
    return new Set(
      this.trail
        .filter((entry) => entry.outcome !== 'refused')
        .flatMap((entry) => [entry.fromState, entry.toState])
        .filter(Boolean),
    );
  }

  actions(preserved) {
    const { definition, view } = this;
    const types = view.allowedEvents.filter((type) => definition.events[type]);
    // The one step that is the caller's now is opened for them; an option (withdrawing) is not.
    const myTurn = view.turn.some((role) => rolesOf(this.user).includes(role));
    const expected = types.filter((type) => !definition.events[type].optional);
    const forms = types.map((type) => {
      if (preserved?.type === type) return preserved.element;
      // A step that takes evidence lets the sender attach files, which the event then cites.
      const picker = 'evidence' in (definition.events[type].fields ?? {}) ? attachmentPicker(view.id) : null;
      const handle = actionForm(type, definition.events[type], {
        open: myTurn && expected.length === 1 && expected[0] === type,
        initial: { ...issuedValues(definition.id, type, this.documents), ...draftValues(view, definition.events[type]) },
        lookups: this.lookups,
        onSubmit: (payload, form) => this.send(type, picker && picker.ids().length ? { ...payload, attachments: picker.ids() } : payload, form),
      });
      if (picker) handle.element.querySelector('.form-actions')?.before(picker.element);
      return handle.element;
    });
    const orphan = preserved && !types.includes(preserved.type) ? preserved.element : null;
    // Kept for the user to read or copy, but it can no longer be sent in this step.
    orphan?.querySelector('button[type="submit"]')?.setAttribute('disabled', '');
    if (!forms.length && !orphan) {
      return h(
        'p',
        { class: 'muted', 'data-testid': 'no-actions' },
        view.status === 'done'
          ? t('case.closedNoActions')
          : t('case.noActions', { who: view.turn.map(roleName).join(t('list.separator')) || t('case.noTurn') }),
      );
    }
    return h('div', { class: 'action-list' }, orphan, forms);
  }

  async send(type, payload, form) {
    const body = { type, expectedVersion: this.view.version, ...payload };
    const json = JSON.stringify(body);
    // A retry of the very same request after a lost answer keeps its key, so it cannot apply twice.
    const key = this.lastAttempt?.json === json && this.lastAttempt.unanswered ? this.lastAttempt.key : newIdempotencyKey();
    this.lastAttempt = { json, key, unanswered: true };
    form.setBusy(true);
    try {
      const view = await api(`/api/cases/${this.view.id}/events`, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      this.lastAttempt = null;
      this.view = view;
      this.trail = await api(`/api/cases/${view.id}/trail`);
      if (this.warnings) this.warnings = await api(`/api/cases/${view.id}/warnings`);
      this.documents = await api(`/api/cases/${view.id}/documents`);
      this.lookups = await lookupsFor(this.definition, view);
      toast(t('action.done', { event: eventName(this.definition, type), state: label(view.stateLabel) }));
      this.render();
      this.element.querySelector('h1')?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) this.lastAttempt.unanswered = false;
      await this.explain(type, form, error);
    } finally {
      form.setBusy(false);
    }
  }

  async explain(type, form, error) {
    if (!(error instanceof ApiError)) throw error;
    switch (error.code) {
      case 'CASE.INVALID_PAYLOAD':
        form.showServerErrors(error.details?.fields ?? []);
        return;
      case 'CASE.STALE_VERSION':
        await this.showStale(type, form);
        return;
      case 'NETWORK':
        form.setNotice('error', t('error.network'));
        return;
      default: {
        // Named conditions say why in the reader's language; without them, the code's own text.
        const conditions = conditionList(error);
        form.setNotice(
          'error',
          refusalText(error.code),
          conditions ?? (error.message && error.code !== 'CASE.GUARD_REFUSED' ? h('span', { class: 'muted' }, ` (${error.message})`) : null),
        );
      }
    }
  }

  /** Someone acted first: reload, show what changed, keep the user's input for a deliberate retry. */
  async showStale(type, form) {
    const before = this.view;
    const seen = this.lastPosition;
    const [view, trail] = await Promise.all([api(`/api/cases/${before.id}`), api(`/api/cases/${before.id}/trail`)]);
    this.view = view;
    this.trail = trail;
    const newEntries = trail.filter((entry) => entry.position > seen && entry.outcome === 'applied');
    const stillAllowed = view.allowedEvents.includes(type);
    form.setNotice(
      'warning',
      staleNotice(this.definition, {
        before,
        after: view,
        newEntries,
        stillAllowed,
        // The same path as a first submission: the form is checked again, then sent with the new version.
        onRetry: () => {
          form.clearNotice();
          form.element.querySelector('form').requestSubmit();
        },
        onDiscard: () => {
          this.render();
          this.element.querySelector('[data-section="actions"] h2')?.focus();
        },
      }),
    );
    form.element.open = true;
    this.render({ preserved: { type, element: form.element } });
    form.element.querySelector('.stale-notice h3')?.setAttribute('tabindex', '-1');
    form.element.querySelector('.stale-notice h3')?.focus();
  }
}

/**
 * A draft's forms (submitting it, editing it) start from what was saved, not blank (issue 23 §4):
 * the saved application's values of the event's fields.
 */
function draftValues(view, spec) {
  const application = view.data?.application;
  if (view.state !== 'draft' || !application) return {};
  return Object.fromEntries(
    Object.keys(spec.fields ?? {})
      .filter((key) => key in application)
      .map((key) => [key, application[key]]),
  );
}

/**
 * The parties as the directory names them: the cadre's and the unit's names in place of the account
 * and unit identifiers the record keeps (an identifier means nothing to a reader).
 * @returns {Record<string, string>}
 */
function partyNames(view) {
  const parties = view.data?.parties ?? {};
  /** @type {Record<string, string>} */
  const names = {};
  if (parties.cadreId && view.cadre?.name) names[parties.cadreId] = view.cadre.name;
  if (parties.unitId && view.unit?.name) names[parties.unitId] = view.unit.name;
  // A unit that applied on the cadre's behalf did so as the unit: its account reads as the unit.
  if (parties.applicantId && parties.applicantId !== parties.cadreId && view.unit?.name) names[parties.applicantId] = view.unit.name;
  // Bodies by name where the record and trail keep their ids (辖区 of the catalogue and committee
  // the case was assessed under, an appeal's referral, 上级督办).
  if (view.jurisdiction) names[view.jurisdiction.id] = view.jurisdiction.name;
  if (view.appealBody) names[view.appealBody.id] = view.appealBody.name;
  for (const item of view.supervisionBodies ?? []) names[item.id] = item.name;
  return names;
}
