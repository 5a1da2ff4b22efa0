// @ts-check
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { dateTime } from '../format.js';
import { label } from '../i18n.js';
import { toast } from '../toast.js';
import { dt } from './messages.js';

/**
 * A case's documents (文书): 文号, title, date and a download of the PDF as issued; staff see every
 * document with its digest on demand, its verification code and template version; a party sees
 * what was served on them (the API sends nothing else).
 * @param {string} caseId
 * @param {any[]} documents GET /api/cases/:id/documents
 * @param {{ plain: boolean }} options
 */
export function documentsPanel(caseId, documents, { plain }) {
  if (documents.length === 0) return h('p', { class: 'muted' }, plain ? dt('documents.noneServed') : dt('documents.none'));
  return h(
    'div',
    { class: 'documents' },
    h(
      'ul',
      { class: 'document-list', 'data-testid': 'documents' },
      documents.map((doc) => documentItem(caseId, doc, plain)),
    ),
    h(
      'p',
      { class: 'document-tools no-print' },
      h('a', { href: '/app/verify', 'data-link': true }, dt('documents.verifyLink')),
      // 案卷打印: the case page as a case file, with the print stylesheet (app.css, @media print).
      h('button', { type: 'button', class: 'button-quiet', onclick: () => window.print() }, dt('documents.print')),
    ),
  );
}

function documentItem(caseId, doc, plain) {
  const digest = h('p', { class: 'document-digest', hidden: true }, h('span', { class: 'muted' }, dt('documents.digest'), '：'), h('code', {}, doc.digest));
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'button-quiet no-print',
      'aria-expanded': 'false',
      onclick: () => {
        digest.hidden = !digest.hidden;
        toggle.setAttribute('aria-expanded', String(!digest.hidden));
        replace(toggle, digest.hidden ? dt('documents.showDigest') : dt('documents.hideDigest'));
      },
    },
    dt('documents.showDigest'),
  );
  const download = h(
    'button',
    {
      type: 'button',
      class: 'button-secondary no-print',
      'aria-label': dt('documents.downloadLabel', { title: doc.title, docNo: doc.docNo }),
      onclick: () => void save(caseId, doc, download),
    },
    dt('documents.download'),
  );
  return h(
    'li',
    { class: 'document-item', 'data-kind': doc.kind },
    h('div', { class: 'document-head' }, h('strong', { class: 'document-title' }, doc.title), download),
    h(
      'dl',
      { class: 'document-facts' },
      h('div', {}, h('dt', {}, dt('documents.docNo')), h('dd', { 'data-testid': 'document-no' }, doc.docNo)),
      h('div', {}, h('dt', {}, dt('documents.issuedAt')), h('dd', {}, dateTime(doc.issuedAt))),
      h('div', {}, h('dt', {}, dt('documents.code')), h('dd', {}, doc.verificationCode)),
    ),
    plain ? null : h('p', { class: 'muted document-kind' }, label(doc.label), ' · ', dt('documents.template', { version: doc.templateVersion })),
    toggle,
    digest,
  );
}

/** The PDF fetched with the session's token and handed to the browser as a file named by its 文号. */
async function save(caseId, doc, button) {
  button.disabled = true;
  try {
    const response = await api(`/api/cases/${caseId}/documents/${doc.id}/pdf`, { raw: true, headers: { accept: 'application/pdf' } });
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `${doc.docNo}.pdf`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    toast(dt('documents.saved', { docNo: doc.docNo }));
  } catch (error) {
    toast(error.message);
  } finally {
    button.disabled = false;
  }
}
