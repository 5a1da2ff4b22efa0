// @ts-check
import { api, ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { dateTime, roleName } from '../format.js';
import { label } from '../i18n.js';
import { getToken } from '../session-store.js';
import { dt } from './messages.js';

/**
 * 文书核验: a logged-in user checks a printed or forwarded copy by its verification code (the QR
 * code on the document opens this page with it) or by the PDF file itself (its SHA-256 against
 * the issuing step's trail entry). The answer: match, with what was issued, by whom and when; or
 * no match.
 */
export async function verifyPage(ctx) {
  ctx.title = dt('verify.title');
  const result = h('div', { class: 'verify-result', role: 'status', 'aria-live': 'polite', 'data-testid': 'verify-result' });
  const codeId = uid('code');
  const hintId = uid('hint');
  const fileId = uid('file');
  const code = h('input', {
    id: codeId,
    name: 'code',
    autocomplete: 'off',
    'aria-describedby': hintId,
    value: ctx.query.get('code') ?? '',
    maxlength: '16',
    inputmode: 'numeric',
  });
  const file = h('input', { id: fileId, type: 'file', accept: 'application/pdf,.pdf' });

  const show = (answer, byFile) => replace(result, answerView(answer, byFile));
  const fail = (error) =>
    replace(
      result,
      h('p', { class: 'error' }, error instanceof ApiError ? (error.details?.conditions ?? []).map((c) => label(c)).join('') || error.message : String(error)),
    );

  const byCode = async (event) => {
    event?.preventDefault();
    try {
      show(await api(`/api/documents/verify?code=${encodeURIComponent(code.value.trim())}`), false);
    } catch (error) {
      fail(error);
    }
  };
  const byFile = async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return replace(result, h('p', { class: 'error' }, dt('verify.noFile')));
    try {
      // The file as the request's body (application/pdf): nothing is stored, only its digest compared.
      const response = await fetch('/api/documents/verify/file', {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', accept: 'application/json', authorization: `Bearer ${getToken()}` },
        body: chosen,
      });
      const body = await response.json();
      if (!response.ok) throw new ApiError(response.status, body);
      show(body, true);
    } catch (error) {
      fail(error);
    }
  };

  const page = h(
    'section',
    { class: 'panel verify-page' },
    h('h1', { tabindex: '-1' }, dt('verify.title')),
    h('p', { class: 'muted' }, dt('verify.help')),
    h(
      'form',
      { class: 'verify-form', onsubmit: byCode },
      h('label', { for: codeId }, dt('verify.code')),
      code,
      h('p', { id: hintId, class: 'hint' }, dt('verify.codeHint')),
      h('button', { type: 'submit', class: 'button-primary' }, dt('verify.byCode')),
    ),
    h(
      'form',
      { class: 'verify-form', onsubmit: byFile },
      h('label', { for: fileId }, dt('verify.file')),
      file,
      h('button', { type: 'submit', class: 'button-primary' }, dt('verify.byFile')),
    ),
    result,
  );
  if (code.value.trim() !== '') void byCode();
  return page;
}

function answerView(answer, byFile) {
  if (!answer.match) return h('p', { class: 'verify-no-match', 'data-match': 'false' }, dt('verify.noMatch'));
  return h(
    'div',
    { class: 'verify-match', 'data-match': 'true' },
    h('p', { class: 'verify-verdict' }, dt('verify.match'), byFile ? ` ${dt('verify.fileMatch')}` : ''),
    h(
      'dl',
      { class: 'document-facts' },
      h('div', {}, h('dt', {}, dt('verify.docTitle')), h('dd', {}, answer.title)),
      h('div', {}, h('dt', {}, dt('documents.docNo')), h('dd', {}, answer.docNo)),
      h('div', {}, h('dt', {}, dt('verify.kind')), h('dd', {}, label(answer.kind))),
      h('div', {}, h('dt', {}, dt('verify.issuer')), h('dd', {}, answer.issuer)),
      h('div', {}, h('dt', {}, dt('verify.issuedBy')), h('dd', {}, roleName(answer.issuedByRole))),
      h('div', {}, h('dt', {}, dt('verify.issuedAt')), h('dd', {}, dateTime(answer.issuedAt))),
      h('div', {}, h('dt', {}, dt('documents.digest')), h('dd', {}, h('code', { class: 'digest' }, answer.digest))),
    ),
  );
}
