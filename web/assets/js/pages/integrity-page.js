// @ts-check
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime } from '../format.js';
import { refusalNotice } from '../components/refusal.js';
import { verifyResult } from './verify-result.js';
import { retentionPanel } from './retirement-proposals.js';

/**
 * The audit administrator's integrity desk: verify every chain of the trail (the answer lists each
 * broken chain), the transparency log's signed checkpoints (issue one now) and the public keys an
 * outside verifier checks them with, the way to the administrators' own chain, and retention
 * (two audit administrators retire payloads past their period: retirement-proposals.js). Signed text and
 * keys are machine text: they sit folded, to be copied, not read.
 */
export async function integrityPage(ctx) {
  ctx.title = t('integrity.title');
  const [checkpoints, keys, retention] = await Promise.all([
    api('/api/transparency/checkpoints?pageSize=20'),
    api('/api/transparency/keys'),
    retentionPanel(ctx.user),
  ]);
  const verifyArea = h('div', { class: 'verify-area', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'verify' }, t('audit.verify'));
  verifyButton.addEventListener('click', async () => {
    verifyButton.disabled = true;
    replace(verifyArea, h('p', { class: 'muted' }, t('audit.verifying')));
    try {
      replace(verifyArea, verifyResult(await api('/api/audit/verify')));
    } catch (error) {
      replace(verifyArea, refusalNotice(error, 'verify-refused'));
    } finally {
      verifyButton.disabled = false;
    }
  });
  const listArea = h('div', { 'data-testid': 'checkpoint-list' }, checkpointList(checkpoints));
  const issueNotice = h('div', { 'aria-live': 'polite' });
  const issueButton = h('button', { type: 'button', class: 'button-quiet', 'data-testid': 'checkpoint-issue' }, t('integrity.issue'));
  issueButton.addEventListener('click', async () => {
    issueButton.disabled = true;
    replace(issueNotice);
    try {
      const issued = await api('/api/transparency/checkpoints', { method: 'POST' });
      replace(issueNotice, h('p', { class: 'notice notice-ok', role: 'status' }, t('integrity.issued', { size: issued.treeSize })));
      replace(listArea, checkpointList(await api('/api/transparency/checkpoints?pageSize=20')));
    } catch (error) {
      replace(issueNotice, refusalNotice(error, 'checkpoint-refused'));
    } finally {
      issueButton.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'integrity-page' },
    h('h1', { tabindex: '-1' }, t('integrity.title')),
    h('p', { class: 'calendar-intro' }, t('integrity.intro')),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'integrity-verify-heading' },
      h('h2', { id: 'integrity-verify-heading' }, t('integrity.verifyHeading')),
      h('p', { class: 'muted' }, t('integrity.verifyNote')),
      h('div', { class: 'form-actions' }, verifyButton),
      verifyArea,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'integrity-admin-heading' },
      h('h2', { id: 'integrity-admin-heading' }, t('integrity.adminChainHeading')),
      h('p', {}, t('integrity.adminChainNote')),
      h(
        'p',
        {},
        h('a', { href: '/app/audit?stream=admin', 'data-link': true, 'data-testid': 'admin-chain-link' }, t('integrity.adminChainLink')),
        ' · ',
        h('a', { href: '/app/admin/approvals', 'data-link': true }, t('nav.approvals')),
      ),
    ),
    retention,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'integrity-checkpoints-heading' },
      h('h2', { id: 'integrity-checkpoints-heading' }, t('integrity.checkpointsHeading')),
      h('p', { class: 'muted' }, t('integrity.checkpointsNote')),
      h('div', { class: 'form-actions' }, issueButton),
      issueNotice,
      listArea,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'integrity-keys-heading', 'data-testid': 'public-keys' },
      h('h2', { id: 'integrity-keys-heading' }, t('integrity.keysHeading')),
      h('p', { class: 'muted' }, t('integrity.keysNote', { count: keys.logKeys.length })),
      h(
        'details',
        { class: 'machine-text' },
        h('summary', {}, t('integrity.keysShow')),
        h('dl', { class: 'account-facts' }, h('dt', {}, t('integrity.origin')), h('dd', {}, h('code', {}, keys.origin))),
        h(
          'ul',
          { class: 'key-list' },
          keys.logKeys.map((key) =>
            h(
              'li',
              {},
              h('code', { class: 'machine-line', 'data-testid': 'log-key' }, key.vkey),
              h(
                'p',
                { class: 'muted' },
                t('integrity.keyValid', {
                  // The epoch is the service's "from the start" (a key configured without a date).
                  from: Date.parse(key.validFrom) <= 0 ? t('integrity.keyFromStart') : dateTime(key.validFrom),
                  until: key.validUntil ? dateTime(key.validUntil) : t('integrity.keyNoEnd'),
                }),
              ),
            ),
          ),
        ),
        h('p', {}, t('integrity.witnessKey')),
        h('code', { class: 'machine-line' }, keys.witnessKey),
        h('p', {}, h('a', { href: '/.well-known/tlog-keys', download: 'tlog-keys.txt' }, t('integrity.keysFile'))),
      ),
    ),
  );
}

function checkpointList(answer) {
  if (answer.items.length === 0) return h('p', { class: 'muted' }, t('integrity.noCheckpoints'));
  const cell = (key, ...content) => h('td', { 'data-label': t(`integrity.col.${key}`) }, ...content);
  return [
    h('p', { class: 'muted', 'data-testid': 'checkpoint-count' }, t('integrity.checkpointCount', { shown: answer.items.length, total: answer.total })),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'checkpoint-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['size', 'issued', 'cosigned', 'note'].map((key) => h('th', { scope: 'col' }, t(`integrity.col.${key}`))),
          ),
        ),
        h(
          'tbody',
          {},
          answer.items.map((item) =>
            h(
              'tr',
              { 'data-tree-size': item.treeSize },
              cell('size', t('integrity.entries', { count: item.treeSize })),
              cell('issued', dateTime(item.issuedAt)),
              cell('cosigned', item.cosignatures > 0 ? t('integrity.cosigned', { count: item.cosignatures }) : t('integrity.notCosigned')),
              cell('note', h('details', { class: 'machine-text' }, h('summary', {}, t('integrity.noteShow')), h('pre', { class: 'machine-line' }, item.note))),
            ),
          ),
        ),
      ),
    ),
  ];
}
