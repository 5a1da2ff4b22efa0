// @ts-check
import { h } from '../dom.js';
import { hasMessage, t } from '../i18n.js';

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

/** Green when every chain verifies; red listing each broken chain at its first problem, with a way to look at it. */
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
        result.retiredPayloads ? h('p', { class: 'muted', 'data-testid': 'verify-retired' }, t('verify.retired', { count: result.retiredPayloads })) : null,
      ),
    );
  }
  /** @type {Array<{ id: number | null, streamId: string, position: number | null, problem: string }>} */
  const chains = result.brokenChains ?? (result.firstBrokenEntry ? [result.firstBrokenEntry] : []);
  const count = result.brokenChainCount ?? chains.length;
  return h(
    'div',
    { class: 'verify-result verify-broken', role: 'alert', 'data-testid': 'verify-result', 'data-ok': 'false' },
    h('span', { class: 'verify-icon', 'aria-hidden': 'true' }, '✗'),
    h(
      'div',
      {},
      h('strong', {}, t('verify.broken')),
      h('p', { 'data-testid': 'broken-count' }, t('verify.brokenCount', { count, intact: result.intactChains ?? '—', chains: result.chains ?? '—' })),
      h('ol', { class: 'broken-chains' }, ...chains.map((chain, index) => brokenChainItem(chain, index === 0))),
      count > chains.length ? h('p', { class: 'muted' }, t('verify.moreBroken', { shown: chains.length, count })) : null,
    ),
  );
}

/** One broken chain: where its first problem is, what it is, and a way to look at a case's entries. */
function brokenChainItem(chain, first) {
  const isCase = UUID.test(chain.streamId ?? '');
  return h(
    'li',
    { 'data-testid': 'broken-chain' },
    h(
      'p',
      first ? { 'data-testid': 'first-broken' } : {},
      t('verify.brokenWhere', {
        stream: isCase
          ? t('verify.caseStream', { id: chain.streamId })
          : hasMessage(`audit.stream.${chain.streamId}`)
            ? t(`audit.stream.${chain.streamId}`)
            : chain.streamId,
        position: chain.position ?? '—',
        id: chain.id ?? '—',
      }),
    ),
    h('p', {}, t('verify.problem'), problemText(chain.problem ?? '')),
    isCase ? h('p', {}, h('a', { href: `/app/audit?caseId=${chain.streamId}&order=asc`, 'data-link': true }, t('verify.showEntries'))) : null,
  );
}
