// @ts-check
import { onUnauthorized } from './api.js';
import { applyDocumentLang, onLangChange } from './i18n.js';
import { renderHeader } from './layout.js';
import { navigate, onDenied, onRendered, refresh, route, startRouter } from './router.js';
import {
  forgetSession,
  hasAnyRole,
  isAuditor,
  isResultsReader,
  isStaff,
  isStatsReader,
  isSysAdmin,
  keepsAccounts,
  PARTY_ROLES,
  seesApprovals,
  takesPartInReveals,
} from './session.js';
import { accountsPage } from './pages/accounts-page.js';
import { approvalsPage } from './pages/approvals-page.js';
import { integrityPage } from './pages/integrity-page.js';
import { revealsPage } from './pages/reveals-page.js';
import { pendingRevealsPage } from './pages/pending-reveals-page.js';
import { timeLimitsPage } from './pages/time-limits-page.js';
import { auditPage } from './pages/audit-page.js';
import { calendarPage } from './pages/calendar-page.js';
import { casePage } from './pages/case-page.js';
import { cataloguePage } from './pages/catalogue-page.js';
import { directoryImportPage } from './pages/directory-import-page.js';
import { backlogImportPage } from './pages/backlog-import-page.js';
import { homePage } from './pages/home-page.js';
import { loginPage } from './pages/login-page.js';
import { myCasesPage } from './pages/my-cases-page.js';
import { newCasePage } from './pages/new-case-page.js';
import { noAccessPage, notFoundPage } from './pages/not-found-page.js';
import { queuePage } from './pages/queue-page.js';
import { assignPage } from './pages/assign-page.js';
import { remindersPage } from './pages/reminders-page.js';
import { resultsCadrePage, resultsPage } from './pages/results-page.js';
import { statsDrillPage, statsPage } from './pages/stats-page.js';
import { verifyPage } from './documents/verify-page.js';
import { documentTemplatesPage } from './documents/templates-page.js';
import { passwordPage } from './pages/password-page.js';

route(/^\/app\/login$/, loginPage, { isPublic: true });
route(/^\/(app)?$/, homePage);
route(/^\/app\/queue$/, queuePage, { allow: isStaff });
route(/^\/app\/my$/, myCasesPage, { allow: (user) => hasAnyRole(user, PARTY_ROLES) });
route(/^\/app\/new\/(?<procedure>[A-Za-z]+)$/, newCasePage);
route(/^\/app\/cases\/(?<id>[0-9a-fA-F-]{36})$/, casePage);
route(/^\/app\/cases\/(?<id>[0-9a-fA-F-]{36})\/reveals$/, revealsPage, { allow: takesPartInReveals });
route(/^\/app\/assign$/, assignPage, { allow: (user) => hasAnyRole(user, ['leader']) });
route(/^\/app\/reveals$/, pendingRevealsPage, { allow: (user) => hasAnyRole(user, ['leader']) });
route(/^\/app\/admin\/time-limits$/, timeLimitsPage, { allow: isSysAdmin });
route(/^\/app\/admin\/document-templates$/, documentTemplatesPage, { allow: isSysAdmin });
route(/^\/app\/admin\/accounts$/, accountsPage, { allow: keepsAccounts });
route(/^\/app\/admin\/approvals$/, approvalsPage, { allow: seesApprovals });
route(/^\/app\/admin\/integrity$/, integrityPage, { allow: (user) => hasAnyRole(user, ['auditAdmin']) });
route(/^\/app\/audit$/, auditPage, { allow: isAuditor });
route(/^\/app\/admin\/calendar$/, calendarPage, { allow: isSysAdmin });
route(/^\/app\/reminders$/, remindersPage, { allow: (user) => isStaff(user) || hasAnyRole(user, PARTY_ROLES) });
route(/^\/app\/admin\/catalogues$/, cataloguePage, { allow: isSysAdmin });
route(/^\/app\/admin\/directory-import$/, directoryImportPage, { allow: isSysAdmin });
route(/^\/app\/backlog-import$/, backlogImportPage, { allow: (user) => hasAnyRole(user, ['officer']) });
route(/^\/app\/stats$/, statsPage, { allow: isStatsReader });
route(/^\/app\/stats\/(?<indicator>[A-Za-z.]+)$/, statsDrillPage, { allow: isStatsReader });
route(/^\/app\/results$/, resultsPage, { allow: isResultsReader });
route(/^\/app\/results\/cadres\/(?<id>[^/]{1,64})$/, resultsCadrePage, { allow: isResultsReader });
route(/^\/app\/verify$/, verifyPage);
route(/^\/app\/password$/, passwordPage);
route(/^\/app\/no-access$/, noAccessPage);
route(/.*/, notFoundPage);

onDenied(notFoundPage);
onRendered(renderHeader);
onLangChange(() => {
  renderHeader();
  refresh();
});
onUnauthorized(() => {
  forgetSession();
  const next = `${location.pathname}${location.search}`;
  navigate(`/app/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
});

applyDocumentLang();
renderHeader();
startRouter();
