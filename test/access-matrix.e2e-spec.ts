import { PROCEDURE_SAMPLES } from '../workflows';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import type { Role } from '../workflows/core';
import { PathDriver } from './support/path-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Every role × every endpoint × a case inside and outside the caller's scope. Staff here hold the
 * Jinan jurisdiction only, so "outside" is a Qingdao case. `ok` means the request got past every
 * authorization check (it may still be refused as invalid or in the wrong state: bodies are
 * chosen so nothing changes); 401, 403 and 404 are the refusals.
 */
/** `400 scope`: refused as bad input because the request names a unit or body beyond the caller's grants (issue 18). */
type Outcome = 'ok' | 401 | 403 | 404 | '400 scope';
const SCOPE_REFUSALS = ['creation.unitOutsideGrant', 'STATS.OUT_OF_SCOPE', 'assignment.bodyNotBelow'];
type Where = 'inside' | 'outside';
type Caller = Role | 'anonymous';

const USERS: Record<Caller, string | undefined> = {
  applicant: 'applicant1',
  unit: 'unit1',
  officer: 'officer-jn',
  reviewer: 'reviewer-jn',
  committee: 'committee-jn',
  leader: 'leader-jn',
  orgDept: 'orgdept-jn',
  auditor: 'auditor-jn',
  sysAdmin: 'sysadmin1',
  secAdmin: 'secadmin1',
  auditAdmin: 'auditadmin1',
  system: undefined,
  anonymous: undefined,
};
const CALLERS = (Object.keys(USERS) as Caller[]).filter((caller) => caller !== 'system');
const FULL_VIEW: Caller[] = ['officer', 'reviewer', 'committee', 'leader', 'auditor'];
const PARTY_VIEW: Caller[] = ['applicant', 'unit'];
const ADMINS: Caller[] = ['sysAdmin', 'secAdmin', 'auditAdmin'];

const seesCase = (caller: Caller, where: Where) => where === 'inside' && [...FULL_VIEW, ...PARTY_VIEW].includes(caller);
const seesFully = (caller: Caller, where: Where) => where === 'inside' && FULL_VIEW.includes(caller);
const only =
  (...allowed: Caller[]) =>
  (caller: Caller): Outcome =>
    allowed.includes(caller) ? 'ok' : 403;

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  route: string;
  /** Per case scope, or once when the endpoint is not about one case. */
  scoped: boolean;
  expect: (caller: Exclude<Caller, 'anonymous'>, where: Where) => Outcome;
  request: (where: Where) => { path: string; body?: unknown };
}

describe('who may do what: every role × every endpoint × inside and outside scope', () => {
  let t: TestApp;
  let approvalId: string;
  /** A signed checkpoint's tree size (issue 22), issued before the rows run. */
  let checkpointSize: number;
  const cases: Record<Where, { tolerance: string; clarification: string; reveal: string; version: number }> = {} as never;

  const ROWS: Row[] = [
    {
      method: 'POST',
      route: '/api/auth/login',
      scoped: false,
      expect: () => 'ok',
      request: () => ({ path: '/api/auth/login', body: { username: 'nobody', password: 'wrong' } }),
    },
    { method: 'GET', route: '/api/health', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/health' }) },
    { method: 'GET', route: '/api/ready', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/ready' }) },
    { method: 'GET', route: '/api/auth/me', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/auth/me' }) },
    {
      method: 'POST',
      route: '/api/auth/password',
      scoped: false,
      expect: () => 'ok',
      request: () => ({ path: '/api/auth/password', body: { currentPassword: 'not-it', newPassword: 'x' } }),
    },
    { method: 'POST', route: '/api/auth/logout', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/auth/logout' }) },
    { method: 'GET', route: '/api/cases', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/cases' }) },
    {
      method: 'POST',
      route: '/api/cases',
      scoped: true,
      // Every creator only within their grant: an applicant of one unit cannot name another (issue 16);
      // naming a unit beyond the grant is bad input, 400 naming unitId (issue 18).
      expect: (caller, where) => (['applicant', 'unit', 'officer'].includes(caller) ? (where === 'inside' ? 'ok' : '400 scope') : 403),
      request: (where) => ({ path: '/api/cases', body: { procedure: 'tolerance', ...exOfficio(where) } }),
    },
    {
      method: 'GET',
      route: '/api/cases/{id}',
      scoped: true,
      expect: (c, w) => (seesCase(c, w) ? 'ok' : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}` }),
    },
    {
      method: 'GET',
      route: '/api/cases/{id}/trail',
      scoped: true,
      expect: (c, w) => (seesCase(c, w) ? 'ok' : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/trail` }),
    },
    // A case's files (issue 20 §1): the list follows the case's visibility.
    {
      method: 'GET',
      route: '/api/cases/{id}/attachments',
      scoped: true,
      expect: (c, w) => (seesCase(c, w) ? 'ok' : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/attachments` }),
    },
    // Uploading: staff of the case and its own parties get past the checks of who (to the missing
    // file's 400); an auditor or the unit may not upload (403); a case one cannot see is not there (404).
    {
      method: 'POST',
      route: '/api/cases/{id}/attachments',
      scoped: true,
      expect: (c, w) => (!seesCase(c, w) ? 404 : ['officer', 'reviewer', 'committee', 'leader', 'applicant'].includes(c) ? 'ok' : 403),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/attachments`, body: {} }),
    },
    // A file that is not the case's is not there, for anyone (the protected and party rules: attachments specs).
    {
      method: 'GET',
      route: '/api/cases/{id}/attachments/{attachmentId}/content',
      scoped: true,
      expect: () => 404,
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/attachments/00000000-0000-4000-8000-000000000000/content` }),
    },
    // Documents (文书, issue 20 §2): the list follows the case's visibility (which documents a party
    // sees: documents specs); a document that is not the case's is not there, for anyone.
    {
      method: 'GET',
      route: '/api/cases/{id}/documents',
      scoped: true,
      expect: (c, w) => (seesCase(c, w) ? 'ok' : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/documents` }),
    },
    {
      method: 'GET',
      route: '/api/cases/{id}/documents/{documentId}/pdf',
      scoped: true,
      expect: () => 404,
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/documents/00000000-0000-4000-8000-000000000000/pdf` }),
    },
    // Checking a printed or forwarded copy: any logged-in user (no match is an answer, not a refusal).
    { method: 'GET', route: '/api/documents/verify', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/documents/verify?code=000000000000' }) },
    {
      method: 'POST',
      route: '/api/documents/verify/file',
      scoped: false,
      expect: () => 'ok',
      request: () => ({ path: '/api/documents/verify/file', body: {} }),
    },
    // The templates: the system administrator's alone (a save without its text is refused past the gate).
    {
      method: 'GET',
      route: '/api/admin/document-templates',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/document-templates' }),
    },
    {
      method: 'GET',
      route: '/api/admin/document-templates/{kind}',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/document-templates/acceptanceNotice' }),
    },
    {
      method: 'PUT',
      route: '/api/admin/document-templates/{kind}',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/document-templates/acceptanceNotice', body: {} }),
    },
    // The warning ladder's colours and letters: staff and auditors; a party is told they are not theirs.
    {
      method: 'GET',
      route: '/api/cases/{id}/warnings',
      scoped: true,
      expect: (c, w) => (seesFully(c, w) ? 'ok' : seesCase(c, w) ? 403 : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/warnings` }),
    },
    {
      method: 'POST',
      route: '/api/cases/{id}/events',
      scoped: true,
      // ACCEPT in `verifying`: the officer passes every check and meets the state (409); nothing changes.
      expect: (c, w) => (!seesCase(c, w) ? 404 : c === 'officer' ? 'ok' : 403),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/events`, body: { type: 'ACCEPT', expectedVersion: cases[w].version } }),
    },
    {
      method: 'GET',
      route: '/api/cases/{id}/reveals',
      scoped: true,
      expect: (c, w) => (seesFully(c, w) ? 'ok' : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].clarification}/reveals` }),
    },
    {
      method: 'POST',
      route: '/api/cases/{id}/reveals',
      scoped: true,
      expect: (c, w) => (!seesFully(c, w) ? 404 : c === 'officer' ? 'ok' : 403),
      request: (w) => ({ path: `/api/cases/${cases[w].clarification}/reveals`, body: { reason: '核实线索需要' } }),
    },
    {
      method: 'POST',
      route: '/api/reveals/{revealId}/decision',
      scoped: true,
      expect: (c, w) => (!seesFully(c, w) ? 404 : c === 'leader' ? 'ok' : 403),
      request: (w) => ({ path: `/api/reveals/${cases[w].reveal}/decision`, body: { approve: false } }),
    },
    {
      method: 'GET',
      route: '/api/reveals/{revealId}/identity',
      scoped: true,
      // Visible staff are refused (not the requester); nobody else learns the request exists.
      expect: (c, w) => (seesFully(c, w) ? 403 : 404),
      request: (w) => ({ path: `/api/reveals/${cases[w].reveal}/identity` }),
    },
    // The requests waiting for a decision, on the cases the caller sees: officers and leaders only.
    { method: 'GET', route: '/api/reveals', scoped: false, expect: only('officer', 'leader'), request: () => ({ path: '/api/reveals' }) },
    { method: 'GET', route: '/api/audit/verify', scoped: false, expect: only('auditor', 'auditAdmin'), request: () => ({ path: '/api/audit/verify' }) },
    { method: 'GET', route: '/api/audit/export', scoped: false, expect: only('auditor', 'auditAdmin'), request: () => ({ path: '/api/audit/export' }) },
    { method: 'GET', route: '/api/audit/entries', scoped: false, expect: only('auditor', 'auditAdmin'), request: () => ({ path: '/api/audit/entries' }) },
    // Retention (issue 22 §4): auditors read what is due; only the audit administrator decides (nothing is due here: 409, past the gate).
    { method: 'GET', route: '/api/audit/retention', scoped: false, expect: only('auditor', 'auditAdmin'), request: () => ({ path: '/api/audit/retention' }) },
    // Retirement proposals: auditors read them; only audit administrators propose (nothing is due here: 409, past the gate) and decide (no such proposal: 404).
    {
      method: 'GET',
      route: '/api/audit/retention/proposals',
      scoped: false,
      expect: only('auditor', 'auditAdmin'),
      request: () => ({ path: '/api/audit/retention/proposals' }),
    },
    {
      method: 'POST',
      route: '/api/audit/retention/proposals',
      scoped: false,
      expect: only('auditAdmin'),
      request: () => ({ path: '/api/audit/retention/proposals', body: { kind: 'security', reason: '档案保管期限届满' } }),
    },
    {
      method: 'POST',
      route: '/api/audit/retention/proposals/{id}/approve',
      scoped: false,
      expect: (c) => (c === 'auditAdmin' ? 404 : 403),
      request: () => ({ path: '/api/audit/retention/proposals/00000000-0000-4000-8000-000000000000/approve', body: {} }),
    },
    {
      method: 'POST',
      route: '/api/audit/retention/proposals/{id}/reject',
      scoped: false,
      expect: (c) => (c === 'auditAdmin' ? 404 : 403),
      request: () => ({ path: '/api/audit/retention/proposals/00000000-0000-4000-8000-000000000000/reject', body: { note: '不同意' } }),
    },
    { method: 'GET', route: '/api/procedures', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/procedures' }) },
    { method: 'GET', route: '/api/procedures/{id}/{version}', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/procedures/tolerance/1' }) },
    { method: 'GET', route: '/api/notifications', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/notifications' }) },
    { method: 'GET', route: '/api/notifications/summary', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/notifications/summary' }) },
    { method: 'POST', route: '/api/notifications/read-all', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/notifications/read-all' }) },
    // Nobody was sent this notice: it is not found for anyone (a notice of someone else's is not found either).
    {
      method: 'POST',
      route: '/api/notifications/{id}/read',
      scoped: false,
      expect: () => 404,
      request: () => ({ path: '/api/notifications/00000000-0000-4000-8000-000000000000/read' }),
    },
    // Guards run before validation: invalid bodies reach "ok" (400) only for the right administrator.
    { method: 'GET', route: '/api/admin/users', scoped: false, expect: only('sysAdmin', 'secAdmin'), request: () => ({ path: '/api/admin/users' }) },
    { method: 'POST', route: '/api/admin/users', scoped: false, expect: only('sysAdmin'), request: () => ({ path: '/api/admin/users', body: {} }) },
    {
      method: 'PATCH',
      route: '/api/admin/users/{id}',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/users/officer1', body: {} }),
    },
    {
      method: 'POST',
      route: '/api/admin/users/{id}/password',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/users/officer1/password', body: { password: 'weak' } }),
    },
    {
      method: 'PUT',
      route: '/api/admin/users/{id}/roles',
      scoped: false,
      expect: only('secAdmin'),
      request: () => ({ path: '/api/admin/users/officer1/roles', body: { roles: 'none' } }),
    },
    { method: 'GET', route: '/api/admin/units', scoped: false, expect: only('sysAdmin', 'secAdmin'), request: () => ({ path: '/api/admin/units' }) },
    {
      method: 'GET',
      route: '/api/admin/approvals',
      scoped: false,
      expect: only('sysAdmin', 'secAdmin', 'auditAdmin'),
      request: () => ({ path: '/api/admin/approvals' }),
    },
    {
      method: 'POST',
      route: '/api/admin/approvals/{approvalId}/decision',
      scoped: false,
      // An invalid decision on a real request: the deciding administrators reach validation (400), nothing is decided.
      expect: only('secAdmin', 'auditAdmin'),
      request: () => ({ path: `/api/admin/approvals/${approvalId}/decision`, body: { approve: 'maybe' } }),
    },
    { method: 'POST', route: '/api/admin/units', scoped: false, expect: only('sysAdmin'), request: () => ({ path: '/api/admin/units', body: {} }) },
    // The directory (issue 18): the administrators keep it; the pickers read it for those who open cases for a cadre.
    { method: 'GET', route: '/api/admin/bodies', scoped: false, expect: only('sysAdmin', 'secAdmin'), request: () => ({ path: '/api/admin/bodies' }) },
    { method: 'POST', route: '/api/admin/bodies', scoped: false, expect: only('sysAdmin'), request: () => ({ path: '/api/admin/bodies', body: {} }) },
    {
      method: 'PATCH',
      route: '/api/admin/bodies/{id}',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/bodies/jinan', body: {} }),
    },
    { method: 'POST', route: '/api/admin/cadres', scoped: false, expect: only('sysAdmin'), request: () => ({ path: '/api/admin/cadres', body: {} }) },
    // The directory import (issue 18 §4): the system administrator only; a JSON body is no file (415), so nothing is imported.
    {
      method: 'POST',
      route: '/api/admin/directory-import/dry-run',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/directory-import/dry-run', body: {} }),
    },
    {
      method: 'POST',
      route: '/api/admin/directory-import',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/directory-import', body: {} }),
    },
    {
      method: 'GET',
      route: '/api/admin/directory-import/template',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/directory-import/template' }),
    },
    // The backlog of cases (issue 18 §4): a case officer, who opens cases; the administrators never do. A JSON body is no file (415).
    {
      method: 'POST',
      route: '/api/backlog-import/dry-run',
      scoped: false,
      expect: only('officer'),
      request: () => ({ path: '/api/backlog-import/dry-run', body: {} }),
    },
    { method: 'POST', route: '/api/backlog-import', scoped: false, expect: only('officer'), request: () => ({ path: '/api/backlog-import', body: {} }) },
    {
      method: 'GET',
      route: '/api/backlog-import/template',
      scoped: false,
      expect: only('officer'),
      request: () => ({ path: '/api/backlog-import/template' }),
    },
    {
      method: 'GET',
      route: '/api/directory/units',
      scoped: false,
      expect: only('officer', 'reviewer', 'committee', 'leader', 'auditor', 'orgDept', 'unit', 'sysAdmin', 'secAdmin'),
      request: () => ({ path: '/api/directory/units?q=jn' }),
    },
    {
      method: 'GET',
      route: '/api/directory/bodies',
      scoped: false,
      expect: only('officer', 'reviewer', 'committee', 'leader', 'auditor', 'orgDept', 'auditAdmin', 'unit', 'sysAdmin', 'secAdmin'),
      request: () => ({ path: '/api/directory/bodies?q=jn' }),
    },
    // 上级督办/交办 (issue 18 §3): staff here are Jinan's own, so none of them may open one on a Jinan case.
    {
      method: 'GET',
      route: '/api/cases/{id}/supervisions',
      scoped: true,
      expect: (c, w) => (seesFully(c, w) ? 'ok' : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/supervisions` }),
    },
    {
      method: 'POST',
      route: '/api/cases/{id}/supervisions',
      scoped: true,
      expect: (c, w) => (seesFully(c, w) ? 403 : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/supervisions`, body: { kind: 'supervise', dueOn: '2099-01-01', instructions: '矩阵测试' } }),
    },
    {
      method: 'POST',
      route: '/api/cases/{id}/supervisions/{supervisionId}/report',
      scoped: true,
      // No such supervision: nobody learns more than that.
      expect: () => 404,
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/supervisions/00000000-0000-4000-8000-000000000000/report`, body: { report: '矩阵测试' } }),
    },
    // 交办新事项: only a leader, and only to a body below theirs (Jinan's leader asks for the province above).
    {
      method: 'POST',
      route: '/api/supervisions/assignments',
      scoped: false,
      expect: (c) => (c === 'leader' ? '400 scope' : 403),
      request: () => ({
        path: '/api/supervisions/assignments',
        body: { bodyId: 'shandong', procedure: 'clarification', dueOn: '2099-01-01', instructions: '矩阵测试', opening: {} },
      }),
    },
    { method: 'GET', route: '/api/supervisions/open', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/supervisions/open' }) },
    {
      method: 'GET',
      route: '/api/directory/cadres',
      scoped: false,
      expect: only('officer', 'reviewer', 'committee', 'leader', 'auditor', 'unit', 'sysAdmin'),
      request: () => ({ path: '/api/directory/cadres?q=zm' }),
    },
    { method: 'GET', route: '/api/admin/calendar', scoped: false, expect: only('sysAdmin'), request: () => ({ path: '/api/admin/calendar' }) },
    { method: 'GET', route: '/api/admin/calendar/{year}', scoped: false, expect: only('sysAdmin'), request: () => ({ path: '/api/admin/calendar/2026' }) },
    {
      method: 'POST',
      route: '/api/admin/calendar/preview',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/calendar/preview', body: {} }),
    },
    // Unconfirmed: refused as invalid (400) for the system administrator, nothing stored.
    {
      method: 'POST',
      route: '/api/admin/calendar',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/calendar', body: { year: 2027, holidays: '2027-01-01' } }),
    },
    // Issue 19: the catalogues and committees (the system administrator's), the case's catalogue and the registers (staff).
    { method: 'GET', route: '/api/admin/catalogues', scoped: false, expect: only('sysAdmin'), request: () => ({ path: '/api/admin/catalogues' }) },
    {
      method: 'GET',
      route: '/api/admin/catalogues/{jurisdiction}',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/catalogues/jinan' }),
    },
    // An empty edit: refused as invalid (400) for the system administrator, nothing stored.
    {
      method: 'PUT',
      route: '/api/admin/catalogues/{jurisdiction}',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/catalogues/jinan', body: {} }),
    },
    { method: 'GET', route: '/api/admin/committees', scoped: false, expect: only('sysAdmin'), request: () => ({ path: '/api/admin/committees' }) },
    {
      method: 'PUT',
      route: '/api/admin/committees/{jurisdiction}',
      scoped: false,
      expect: only('sysAdmin'),
      request: () => ({ path: '/api/admin/committees/jinan', body: {} }),
    },
    {
      method: 'GET',
      route: '/api/cases/{id}/catalogue',
      scoped: true,
      expect: (c, w) => (seesFully(c, w) ? 'ok' : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/catalogue` }),
    },
    {
      method: 'GET',
      route: '/api/registers/filings',
      scoped: false,
      expect: only('officer', 'reviewer', 'committee', 'leader', 'auditor'),
      request: () => ({ path: '/api/registers/filings' }),
    },
    {
      method: 'GET',
      route: '/api/registers/blacklist',
      scoped: false,
      expect: only('officer', 'leader', 'auditor'),
      request: () => ({ path: '/api/registers/blacklist' }),
    },
    // The results register (issue 21 §3): the organisation department, staff and auditors, over their grants.
    ...['/api/results', '/api/results/cadres/{cadreId}', '/api/results/inquiries'].map((route): Row => ({
      method: 'GET',
      route,
      scoped: false,
      expect: only('orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor'),
      request: () => ({ path: route.replace('{cadreId}', 'applicant1') }),
    })),
    {
      method: 'GET',
      route: '/api/results/inquiries/{id}',
      scoped: false,
      // No such inquiry: 404 for those who may read inquiries.
      expect: (c) => (['orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor'].includes(c) ? 404 : 403),
      request: () => ({ path: '/api/results/inquiries/00000000-0000-4000-8000-000000000000' }),
    },
    {
      method: 'POST',
      route: '/api/results/inquiries',
      scoped: false,
      // No purpose: the organisation department gets past every check and is told what is missing (400).
      expect: only('orgDept'),
      request: () => ({ path: '/api/results/inquiries', body: { cadreId: 'applicant1' } }),
    },
    {
      method: 'POST',
      route: '/api/results/inquiries/{id}/reply',
      scoped: false,
      // No such inquiry: 404 for those who answer (the 文号 is allocated, never sent).
      expect: (c) => (['officer', 'leader'].includes(c) ? 404 : 403),
      request: () => ({ path: '/api/results/inquiries/00000000-0000-4000-8000-000000000000/reply', body: {} }),
    },
    {
      method: 'GET',
      route: '/api/results/inquiries/{id}/pdf',
      scoped: false,
      // The reply letter of no such inquiry: 404 for those who may read inquiries.
      expect: (c) => (['orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor'].includes(c) ? 404 : 403),
      request: () => ({ path: '/api/results/inquiries/00000000-0000-4000-8000-000000000000/pdf' }),
    },
    // Statistics (issue 21): leaders, the case-management office and auditors, over their grants.
    {
      method: 'GET',
      route: '/api/stats',
      scoped: false,
      expect: only('officer', 'reviewer', 'leader', 'auditor'),
      request: () => ({ path: '/api/stats' }),
    },
    {
      method: 'GET',
      route: '/api/stats/indicators',
      scoped: false,
      expect: only('officer', 'reviewer', 'leader', 'auditor'),
      request: () => ({ path: '/api/stats/indicators' }),
    },
    {
      method: 'GET',
      route: '/api/stats/indicators/{indicator}/cases',
      scoped: false,
      expect: only('officer', 'reviewer', 'leader', 'auditor'),
      request: () => ({ path: '/api/stats/indicators/tolerance.decisions/cases' }),
    },
    {
      method: 'GET',
      route: '/api/stats/step-times',
      scoped: false,
      expect: only('officer', 'reviewer', 'leader', 'auditor'),
      request: () => ({ path: '/api/stats/step-times' }),
    },
    {
      method: 'GET',
      route: '/api/stats/step-times/cases',
      scoped: false,
      expect: only('officer', 'reviewer', 'leader', 'auditor'),
      request: () => ({ path: '/api/stats/step-times/cases?procedure=riskFiling' }),
    },
    {
      method: 'GET',
      route: '/api/stats/export',
      scoped: false,
      expect: only('officer', 'reviewer', 'leader', 'auditor'),
      request: () => ({ path: '/api/stats/export?format=csv' }),
    },
    {
      method: 'GET',
      route: '/api/stats/indicators/{indicator}/cases/export',
      scoped: false,
      expect: only('officer', 'reviewer', 'leader', 'auditor'),
      request: () => ({ path: '/api/stats/indicators/tolerance.decisions/cases/export?format=csv' }),
    },
    // A case list is sensitive: exported by staff and auditors only, each export on the record.
    {
      method: 'GET',
      route: '/api/exports/cases',
      scoped: false,
      expect: only('officer', 'reviewer', 'committee', 'leader', 'auditor'),
      request: () => ({ path: '/api/exports/cases?format=csv' }),
    },
    // Issue 22: the transparency log. Checkpoints and keys are public, proofs and the list for the
    // auditors, a receipt for the case's parties (staff are told it is not theirs), the witness
    // authenticates by the log's signature (an empty JSON body: refused as malformed, nothing stored).
    { method: 'GET', route: '/.well-known/tlog-keys', scoped: false, expect: () => 'ok', request: () => ({ path: '/.well-known/tlog-keys' }) },
    { method: 'GET', route: '/api/transparency/keys', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/transparency/keys' }) },
    { method: 'GET', route: '/api/transparency/checkpoint', scoped: false, expect: () => 'ok', request: () => ({ path: '/api/transparency/checkpoint' }) },
    {
      method: 'GET',
      route: '/api/transparency/checkpoints/{treeSize}',
      scoped: false,
      expect: () => 'ok',
      request: () => ({ path: `/api/transparency/checkpoints/${checkpointSize}` }),
    },
    {
      method: 'GET',
      route: '/api/transparency/checkpoints',
      scoped: false,
      expect: only('auditor', 'auditAdmin'),
      request: () => ({ path: '/api/transparency/checkpoints' }),
    },
    {
      method: 'POST',
      route: '/api/transparency/checkpoints',
      scoped: false,
      expect: only('auditor', 'auditAdmin'),
      request: () => ({ path: '/api/transparency/checkpoints' }),
    },
    {
      method: 'GET',
      route: '/api/transparency/proofs/inclusion',
      scoped: false,
      expect: only('auditor', 'auditAdmin'),
      request: () => ({ path: `/api/transparency/proofs/inclusion?index=0&treeSize=${checkpointSize}` }),
    },
    {
      method: 'GET',
      route: '/api/transparency/proofs/consistency',
      scoped: false,
      expect: only('auditor', 'auditAdmin'),
      request: () => ({ path: `/api/transparency/proofs/consistency?from=${checkpointSize}&to=${checkpointSize}` }),
    },
    {
      method: 'POST',
      route: '/api/witness/add-checkpoint',
      scoped: false,
      expect: () => 'ok',
      request: () => ({ path: '/api/witness/add-checkpoint', body: {} }),
    },
    {
      method: 'GET',
      route: '/api/cases/{id}/receipts/{position}',
      scoped: true,
      expect: (c, w) => (seesCase(c, w) && PARTY_VIEW.includes(c) ? 'ok' : seesFully(c, w) ? 403 : 404),
      request: (w) => ({ path: `/api/cases/${cases[w].tolerance}/receipts/1` }),
    },
  ];
  const PUBLIC = new Set([
    'POST /api/auth/login',
    'GET /api/health',
    'GET /api/ready',
    'GET /.well-known/tlog-keys',
    'GET /api/transparency/keys',
    'GET /api/transparency/checkpoint',
    'GET /api/transparency/checkpoints/{treeSize}',
    'POST /api/witness/add-checkpoint',
  ]);

  beforeAll(async () => {
    t = await startTestApp();
    approvalId = (
      await t
        .http()
        .post('/api/admin/users/auditadmin1/password')
        .set(await t.as('sysadmin1'))
        .send({ password: 'Str0ng-enough-pass' })
        .expect(202)
    ).body.id;
    const users = t.app.get(UsersService);
    for (const role of ['officer', 'reviewer', 'committee', 'leader', 'orgDept', 'auditor'] as Role[]) {
      await users.create(
        { id: USERS[role]!, displayName: role, password: DEMO_PASSWORD, unitId: 'cdi-jinan', roles: [{ role, scope: 'jinan' }] },
        t.clock.now().toISOString(),
      );
    }
    const driver = new PathDriver(t);
    for (const where of ['inside', 'outside'] as Where[]) {
      const tolerance = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'tolerance', ...exOfficio(where) })
        .expect(201);
      const lead = PROCEDURE_SAMPLES.clarification.creations.find((c) => c.actor.role === 'officer')!.data;
      const clarification = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...lead, ...parties(where) })
        .expect(201);
      const reveal = await t
        .http()
        .post(`/api/cases/${clarification.body.id}/reveals`)
        .set(await t.as('officer1'))
        .send({ reason: '矩阵测试用' })
        .expect(201);
      cases[where] = { tolerance: tolerance.body.id, clarification: clarification.body.id, reveal: reveal.body.id, version: tolerance.body.version };
    }
    expect((await driver.view(cases.inside.tolerance)).state).toBe('verifying');
    checkpointSize = (
      await t
        .http()
        .post('/api/transparency/checkpoints')
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).body.treeSize;
  });
  afterAll(() => t.close());

  it('covers every endpoint the service offers', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const offered = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(offered.sort()).toEqual(ROWS.map((row) => `${row.method} ${row.route}`).sort());
  });

  for (const row of ROWS) {
    const scopes: Where[] = row.scoped ? ['inside', 'outside'] : ['inside'];
    for (const where of scopes) {
      it(`${row.method} ${row.route}${row.scoped ? ` (${where})` : ''}`, async () => {
        const table: string[] = [];
        const expected: string[] = [];
        for (const caller of CALLERS) {
          const want: Outcome = caller === 'anonymous' ? (PUBLIC.has(`${row.method} ${row.route}`) ? 'ok' : 401) : row.expect(caller, where);
          const got = await call(caller, row, where);
          table.push(`${caller}: ${got}`);
          expected.push(`${caller}: ${want}`);
        }
        expect(table).toEqual(expected);
      });
    }
  }

  it('lists show exactly the cases each caller may see', async () => {
    for (const caller of CALLERS.filter((c) => c !== 'anonymous')) {
      const token = await t.as(USERS[caller]!);
      const ids = (await t.http().get('/api/cases?pageSize=100').set(token).expect(200)).body.items.map((item: { id: string }) => item.id);
      expect([caller, ids.includes(cases.inside.tolerance)]).toEqual([caller, seesCase(caller, 'inside')]);
      expect([caller, ids.includes(cases.outside.tolerance)]).toEqual([caller, false]);
      if (ADMINS.includes(caller)) expect(ids).toEqual([]);
    }
  });

  /** The outcome class of one request; a fresh token for logout, so the others stay valid. */
  async function call(caller: Caller, row: Row, where: Where): Promise<Outcome | string> {
    const { path, body } = row.request(where);
    const method = row.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch';
    let request = t.http()[method](path);
    if (caller !== 'anonymous') {
      const token = row.route === '/api/auth/logout' ? await freshToken(USERS[caller]!) : (await t.as(USERS[caller]!)).Authorization;
      request = request.set('Authorization', token);
    }
    const response = body === undefined ? await request : await request.send(body as object);
    if (response.status === 401 && response.body.code === 'AUTH.UNAUTHENTICATED') return 401;
    if (response.status === 403 || response.status === 404) return response.status;
    const conditions: Array<{ code: string }> = response.body?.details?.conditions ?? [];
    if (response.status === 400 && conditions.some((condition) => SCOPE_REFUSALS.includes(condition.code))) return '400 scope';
    if (response.status >= 500) return `error ${response.status}`;
    return 'ok';
  }

  async function freshToken(userId: string): Promise<string> {
    const response = await t.http().post('/api/auth/login').send({ username: userId, password: DEMO_PASSWORD }).expect(200);
    return `Bearer ${response.body.accessToken}`;
  }
});

function parties(where: Where) {
  return where === 'inside' ? { cadreId: 'applicant1', unitId: 'unit-jinan-dev' } : { cadreId: 'applicant2', unitId: 'unit-qingdao-port' };
}

function exOfficio(where: Where) {
  return { ...PROCEDURE_SAMPLES.tolerance.creations.find((c) => c.actor.role === 'officer')!.data, ...parties(where) };
}
