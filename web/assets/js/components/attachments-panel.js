// @ts-check
import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { lang } from '../i18n.js';
import { dateTime } from '../format.js';
import { getToken } from '../session-store.js';

/**
 * 材料 on the case page: the case's files the caller may see (name, size, type, who uploaded them,
 * when), each downloadable, its digest shown on demand; upload by a button or by dropping files
 * on the panel (staff and the case's own parties). The texts of this panel live here, in both
 * languages. The same upload serves the forms of steps that take evidence (`attachmentPicker`):
 * the files are uploaded as chosen and the event then cites them.
 */
const TEXT = {
  zh: {
    help: '上传的材料按内容保存并计算摘要，办理记录据此证明决定时依据的是哪份文件。单个文件不超过 {max}；可上传 PDF、JPEG、PNG、OFD、DOCX、XLSX、TXT。',
    choose: '选择文件上传',
    drop: '也可以把文件拖放到这里',
    protected: '受保护材料（如检举人的检举信），须经批准方可查阅',
    none: '本案件尚无材料。',
    name: '文件名',
    size: '大小',
    kind: '类型',
    by: '上传人',
    at: '上传时间',
    download: '下载',
    digest: '摘要',
    digestShow: '显示摘要',
    protectedName: '受保护材料（须经批准查阅）',
    sealedUploader: '受保护的当事人',
    uploading: '正在上传 {name}……',
    uploaded: '已上传 {name}',
    pending: '待引用',
    failed: '{name} 未能上传：',
    network: '网络连接失败，请重试。',
    attachHelp: '可附上材料文件，随本次提交一并记录（上传后在提交前可移除）。',
    attachChoose: '添加材料文件',
    remove: '移除',
  },
  en: {
    help: 'Files are kept by content with their digest, so the record proves which file was before the decision-maker. At most {max} a file; PDF, JPEG, PNG, OFD, DOCX, XLSX or TXT.',
    choose: 'Choose files to upload',
    drop: 'or drop files here',
    protected: 'Protected (e.g. a reporter’s letter): read only under an approved reveal',
    none: 'No files on this case yet.',
    name: 'Name',
    size: 'Size',
    kind: 'Type',
    by: 'Uploaded by',
    at: 'Uploaded',
    download: 'Download',
    digest: 'Digest',
    digestShow: 'Show digest',
    protectedName: 'Protected file (reveal needed)',
    sealedUploader: 'Protected party',
    uploading: 'Uploading {name}…',
    uploaded: 'Uploaded {name}',
    pending: 'not yet cited',
    failed: '{name} was not uploaded: ',
    network: 'The network failed; try again.',
    attachHelp: 'You may attach files; they are recorded with this step (remove one before you submit if needed).',
    attachChoose: 'Add files',
    remove: 'Remove',
  },
};

/** @param {keyof TEXT['zh']} key @param {Record<string, string>} [vars] */
function tr(key, vars) {
  const text = TEXT[lang() === 'en' ? 'en' : 'zh'][key];
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? '') : text;
}

const KIND_LABEL = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', ofd: 'OFD', docx: 'DOCX', xlsx: 'XLSX', txt: 'TXT' };

/** @param {number} bytes */
export function fileSize(bytes) {
  if (bytes < 1024) return lang() === 'en' ? `${bytes} B` : `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Sends one file as multipart/form-data (the browser streams it); the answer is the attachment,
 * or an ApiError with the service's reasons.
 * @param {string} caseId @param {File} file @param {{ record?: boolean, protected?: boolean }} options
 */
export async function uploadFile(caseId, file, options) {
  const form = new FormData();
  form.append('file', file, file.name);
  const search = new URLSearchParams();
  if (options.record) search.set('record', 'true');
  if (options.protected) search.set('protected', 'true');
  const token = getToken();
  let response;
  try {
    response = await fetch(`/api/cases/${caseId}/attachments${search.size ? `?${search}` : ''}`, {
      method: 'POST',
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: form,
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'network error' });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** The reasons of a refused upload in the reader's language. @param {unknown} error */
function reasonOf(error) {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 0) return tr('network');
  const conditions = /** @type {Array<{zh: string, en: string}>} */ (error.details?.conditions ?? []);
  if (conditions.length) return conditions.map((c) => (lang() === 'en' ? c.en : c.zh)).join('；');
  return error.message;
}

/** @param {string} caseId @param {any} file @param {HTMLButtonElement} button */
async function download(caseId, file, button) {
  button.disabled = true;
  try {
    const response = await api(`/api/cases/${caseId}/attachments/${file.id}/content`, { raw: true, headers: { accept: '*/*' } });
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: file.name ?? `file.${file.kind}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    button.after(h('span', { class: 'notice-inline error', role: 'alert' }, reasonOf(error)));
  } finally {
    button.disabled = false;
  }
}

/**
 * @param {{ id: string }} view the case
 * @param {{ canUpload: boolean, staff: boolean, maxBytes?: number }} options
 */
export function attachmentsPanel(view, { canUpload, staff }) {
  const list = h('div', { class: 'attachment-list', 'aria-live': 'polite' });
  const status = h('div', { class: 'attachment-status', 'aria-live': 'polite' });
  const protectedBox = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: `protected-${view.id}` }));
  const input = /** @type {HTMLInputElement} */ (
    h('input', { type: 'file', multiple: true, class: 'visually-hidden', id: `upload-${view.id}`, 'data-testid': 'attachment-input' })
  );

  async function refresh() {
    const files = await api(`/api/cases/${view.id}/attachments`);
    replace(list, files.length ? table(view.id, files) : h('p', { class: 'muted' }, tr('none')));
  }

  /** @param {FileList | File[]} chosen */
  async function send(chosen) {
    for (const file of Array.from(chosen)) {
      status.replaceChildren(h('p', { class: 'muted' }, tr('uploading', { name: file.name })));
      try {
        await uploadFile(view.id, file, { record: true, protected: staff && protectedBox.checked });
        status.replaceChildren(h('p', { class: 'notice notice-success', role: 'status' }, tr('uploaded', { name: file.name })));
      } catch (error) {
        status.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, tr('failed', { name: file.name }), reasonOf(error)));
      }
    }
    await refresh();
  }

  input.addEventListener('change', () => {
    if (input.files?.length) void send(input.files).finally(() => (input.value = ''));
  });
  const zone = h(
    'div',
    { class: 'attachment-drop', 'data-testid': 'attachment-drop' },
    h('label', { for: input.id, class: 'button-secondary attachment-choose' }, tr('choose')),
    input,
    h('span', { class: 'muted' }, tr('drop')),
    staff ? h('label', { class: 'attachment-protected' }, protectedBox, ' ', tr('protected')) : null,
  );
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    if (event.dataTransfer?.files.length) void send(event.dataTransfer.files);
  });

  const element = h(
    'div',
    { class: 'attachments-panel', 'data-testid': 'attachments-panel' },
    canUpload ? [h('p', { class: 'muted' }, tr('help', { max: '50 MB' })), zone, status] : null,
    list,
  );
  void refresh().catch((error) => replace(list, h('p', { class: 'notice notice-error' }, reasonOf(error))));
  return element;
}

/** @param {string} caseId @param {any[]} files */
function table(caseId, files) {
  return h(
    'ul',
    { class: 'attachment-items' },
    files.map((file) => {
      const button = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'button-quiet', disabled: !file.downloadable }, tr('download')));
      button.addEventListener('click', () => void download(caseId, file, button));
      return h(
        'li',
        { class: 'attachment-item', 'data-attachment-id': file.id },
        h('span', { class: 'attachment-name' }, file.name ?? tr('protectedName')),
        h(
          'span',
          { class: 'attachment-meta muted' },
          `${fileSize(file.size)} · ${KIND_LABEL[file.kind] ?? file.kind} · ${file.uploadedByName ?? file.uploadedBy ?? tr('sealedUploader')} · ${dateTime(file.uploadedAt)}`,
          file.cited ? null : ` · ${tr('pending')}`,
        ),
        h(
          'span',
          { class: 'attachment-actions' },
          button,
          h(
            'details',
            { class: 'attachment-digest' },
            h('summary', {}, tr('digestShow')),
            h('code', { 'data-testid': 'attachment-digest' }, `${file.algorithm === 'sm3' ? 'SM3' : 'SHA-256'} ${file.digest}`),
          ),
        ),
      );
    }),
  );
}

/**
 * For a step's form that takes evidence: files uploaded as they are chosen (not yet cited), listed
 * with a remove button; `ids()` is what the event then cites in its `attachments`.
 * @param {string} caseId
 */
export function attachmentPicker(caseId) {
  /** @type {Array<{ id: string, name: string, size: number }>} */
  let chosen = [];
  const items = h('ul', { class: 'attachment-picked' });
  const status = h('div', { 'aria-live': 'polite' });
  const input = /** @type {HTMLInputElement} */ (
    h('input', { type: 'file', multiple: true, class: 'visually-hidden', id: `pick-${caseId}-${Math.random().toString(36).slice(2)}` })
  );
  const draw = () =>
    replace(
      items,
      chosen.map((file) => {
        const remove = h('button', { type: 'button', class: 'button-quiet' }, tr('remove'));
        remove.addEventListener('click', () => {
          chosen = chosen.filter((other) => other.id !== file.id);
          draw();
        });
        return h('li', {}, `${file.name}（${fileSize(file.size)}）`, ' ', remove);
      }),
    );
  input.addEventListener('change', async () => {
    for (const file of Array.from(input.files ?? [])) {
      status.replaceChildren(h('p', { class: 'muted' }, tr('uploading', { name: file.name })));
      try {
        const uploaded = await uploadFile(caseId, file, {});
        chosen.push({ id: uploaded.id, name: uploaded.name, size: uploaded.size });
        status.replaceChildren();
      } catch (error) {
        status.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, tr('failed', { name: file.name }), reasonOf(error)));
      }
      draw();
    }
    input.value = '';
  });
  const element = h(
    'div',
    { class: 'attachment-picker', 'data-testid': 'attachment-picker' },
    h('p', { class: 'muted' }, tr('attachHelp')),
    h('label', { for: input.id, class: 'button-secondary attachment-choose' }, tr('attachChoose')),
    input,
    status,
    items,
  );
  return { element, ids: () => chosen.map((file) => file.id) };
}
