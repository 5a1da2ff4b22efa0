// @ts-check
import { lang } from '../i18n.js';

/**
 * The texts of the documents' pieces (the case page's panel, the verification page), kept beside
 * them (so they merge without touching the shared dictionary); zh-CN first, English second, the same
 * keys in both.
 */
export const DOCUMENT_MESSAGES = {
  zh: {
    'documents.title': '文书',
    'documents.servedTitle': '送达我的文书',
    'documents.servedHelp': '以下是本机关就本案向您送达的决定书和通知书，可下载保存或打印。',
    'documents.none': '本案尚未制发文书。',
    'documents.noneServed': '暂无向您送达的文书。',
    'documents.docNo': '文号',
    'documents.issuedAt': '成文时间',
    'documents.download': '下载',
    'documents.downloadLabel': '下载《{title}》（{docNo}）',
    'documents.saved': '已下载：{docNo}',
    'documents.showDigest': '显示文件摘要',
    'documents.hideDigest': '隐藏文件摘要',
    'documents.digest': '文件摘要（SHA-256）',
    'documents.code': '核验码',
    'documents.template': '模板版本：第{version}版',
    'documents.verifyLink': '核验纸质件或转发件',
    'documents.print': '打印案卷',
    'verify.title': '文书核验',
    'verify.help': '输入文书右上角的核验码，或选择收到的 PDF 文件，核对它是否为本系统签发、内容是否未被改动。',
    'verify.code': '核验码',
    'verify.codeHint': '12位数字，如 4821-7730-1946',
    'verify.byCode': '按核验码核验',
    'verify.file': '选择 PDF 文件',
    'verify.byFile': '核验文件',
    'verify.noFile': '请先选择要核验的 PDF 文件。',
    'verify.match': '核验一致：该文书由本系统签发，与办理记录相符。',
    'verify.noMatch': '核验不一致：没有与之相符的签发记录。文件可能被改动过，或并非本系统签发。',
    'verify.fileMatch': '文件与签发时完全一致。',
    'verify.issuer': '签发机关',
    'verify.issuedAt': '签发时间',
    'verify.issuedBy': '签发环节',
    'verify.kind': '文书种类',
    'verify.docTitle': '标题',
  },
  en: {
    'documents.title': 'Documents',
    'documents.servedTitle': 'Documents served on you',
    'documents.servedHelp': 'The decisions and notices served on you in this case; download them to keep or print.',
    'documents.none': 'No document has been issued in this case yet.',
    'documents.noneServed': 'No document has been served on you yet.',
    'documents.docNo': 'Reference',
    'documents.issuedAt': 'Issued',
    'documents.download': 'Download',
    'documents.downloadLabel': 'Download “{title}” ({docNo})',
    'documents.saved': 'Downloaded: {docNo}',
    'documents.showDigest': 'Show the file digest',
    'documents.hideDigest': 'Hide the file digest',
    'documents.digest': 'File digest (SHA-256)',
    'documents.code': 'Verification code',
    'documents.template': 'Template version {version}',
    'documents.verifyLink': 'Check a printed or forwarded copy',
    'documents.print': 'Print the case file',
    'verify.title': 'Check a document',
    'verify.help':
      'Enter the verification code printed at the top right of the document, or choose the PDF you received, to check that this service issued it and that it is unchanged.',
    'verify.code': 'Verification code',
    'verify.codeHint': 'Twelve digits, like 4821-7730-1946',
    'verify.byCode': 'Check the code',
    'verify.file': 'Choose a PDF file',
    'verify.byFile': 'Check the file',
    'verify.noFile': 'Choose the PDF file to check first.',
    'verify.match': 'Match: this service issued the document, as its record shows.',
    'verify.noMatch': 'No match: nothing issued matches. The file may have been altered, or this service did not issue it.',
    'verify.fileMatch': 'The file is exactly as issued.',
    'verify.issuer': 'Issued by',
    'verify.issuedAt': 'Issued at',
    'verify.issuedBy': 'Issued at the step of',
    'verify.kind': 'Kind',
    'verify.docTitle': 'Title',
  },
};

/** A text of the documents' pieces in the current language, `{name}` filled from vars. */
export function dt(key, vars) {
  const text = DOCUMENT_MESSAGES[lang()][key] ?? DOCUMENT_MESSAGES.zh[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] === undefined ? '' : String(vars[name]))) : text;
}
