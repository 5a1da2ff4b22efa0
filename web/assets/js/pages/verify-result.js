// @ts-check
import { h } from '../dom.js';
import { t } from '../i18n.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The verifier names problems in English; each known one is said in the reader's language. */
export function problemText(problem) {
  /** @type {Array<[RegExp, (match: RegExpExecArray) => string]>} */
  const rules = [
    [/^content does not match its hash$/, () => t('verify.problem.hash')],
    [/^does not chain to the entry before it$/, () => t('verify.problem.chain')],
    [/^position (\d+) where (\d+) was expected$/, (m) => t('verify.problem.position', { found: m[1], expected: m[2] })],
    [/^trail ends at (\d+) entries but the case records (\d+)$/, (m) => t('verify.problem.truncated', { found: m[1], expected: m[2] })],
    [/^case has no trail$/, () => t('verify.problem.noTrail')],
    [/^chain ends at (\d+) entries but its recorded head is at (\d+)$/, (m) => t('verify.problem.chainTruncated', { found: m[1], expected: m[2] })],
    [/^chain has no entries but its recorded head is at (\d+)$/, (m) => t('verify.problem.chainEmptied', { expected: m[1] })],
    [/^chain has no recorded head/, () => t('verify.problem.noHead')],
    [/^case row does not match its trail: the case is in state /, () => t('verify.problem.rowState')],
    [/^case row does not match its trail: the case has status /, () => t('verify.problem.rowStatus')],
    [/^case row does not match its trail: the case is at version /, () => t('verify.problem.rowVersion')],
    [/^case row does not match its trail: /, () => t('verify.problem.rowContent')],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(problem);
    if (match) return say(match);
  }
  return problem;
}

/** Green when every chain verifies; red naming the first broken entry, with a way to look at it. */
export function verifyResult(result) {
  if (result.ok) {
    return h(
      'div',
      { class: 'verify-result verify-ok', role: 'status', 'data-testid': 'verify-result', 'data-ok': 'true' },
      h('span', { class: 'verify-icon', 'aria-hidden': 'true' }, '✓'),
      h(
        'div',
        {},
        h('strong', {}, t('verify.ok')),
        h('p', {}, t('verify.okDetail', { count: result.checked })),
        result.casesCheckedByStateOnly
          ? h('p', { class: 'muted', 'data-testid': 'verify-state-only' }, t('verify.stateOnly', { count: result.casesCheckedByStateOnly }))
          : null,
        result.otherChainHeadsNotRecorded ? h('p', { class: 'muted' }, t('verify.headsNotRecorded')) : null,
      ),
    );
  }
  const broken = result.firstBrokenEntry ?? {};
  const isCase = UUID.test(broken.streamId ?? '');
  return h(
    'div',
    { class: 'verify-result verify-broken', role: 'alert', 'data-testid': 'verify-result', 'data-ok': 'false' },
    h('span', { class: 'verify-icon', 'aria-hidden': 'true' }, '✗'),
    h(
      'div',
      {},
      h('strong', {}, t('verify.broken')),
      h(
        'p',
        { 'data-testid': 'first-broken' },
        t('verify.brokenWhere', {
          stream: isCase ? t('verify.caseStream', { id: broken.streamId }) : broken.streamId,
          position: broken.position ?? '—',
          id: broken.id ?? '—',
        }),
      ),
      h('p', {}, t('verify.problem'), ': ', problemText(broken.problem ?? '')),
      h('p', { class: 'muted' }, t('verify.checkedBefore', { count: result.checked })),
      isCase ? h('p', {}, h('a', { href: `/app/audit?caseId=${broken.streamId}&order=asc`, 'data-link': true }, t('verify.showEntries'))) : null,
    ),
  );
}
