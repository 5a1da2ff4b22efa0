import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { chineseDate, DOCUMENT_KINDS, type DocumentKind } from '../../workflows/documents';
import type { DocumentFonts } from './document-fonts';
import { renderOfficialDocument } from './official-layout';
import { COMMON_VALUES, fillTemplate, parseTemplate } from './template-syntax';

/** Everything one document is made of: the same inputs give the same bytes. */
export interface DocumentInputs {
  kind: DocumentKind;
  templateSource: string;
  organ: string;
  organShortName: string;
  docNo: string;
  caseNo: string;
  party: string;
  cadreName: string;
  unitName: string;
  values: Record<string, string>;
  issuedAt: string;
  verificationCode: string;
  verifyUrl: string;
}

/** The placeholder names a kind of document may use. */
export function allowedNames(kind: DocumentKind): string[] {
  return [...Object.keys(COMMON_VALUES), ...Object.keys(DOCUMENT_KINDS[kind].values)];
}

/** Fills the template and renders the PDF; the bytes and their SHA-256. */
export async function composeDocument(inputs: DocumentInputs, fonts: DocumentFonts): Promise<{ pdf: Buffer; title: string }> {
  const parsed = parseTemplate(inputs.templateSource, allowedNames(inputs.kind));
  if (!parsed.template) throw new Error(`template for ${inputs.kind} does not parse: ${parsed.faults.map((f) => f.message).join('; ')}`);
  // 成文日期 is the day in China (UTC+8) the document was issued.
  const dateText = chineseDate(new Date(Date.parse(inputs.issuedAt) + 8 * 3600_000).toISOString());
  const filled = fillTemplate(parsed.template, {
    ...inputs.values,
    发文机关: inputs.organ,
    机关简称: inputs.organShortName,
    文号: inputs.docNo,
    成文日期: dateText,
    案件编号: inputs.caseNo,
    当事人: inputs.party,
    干部姓名: inputs.cadreName,
    所在单位: inputs.unitName,
  });
  const url = `${inputs.verifyUrl}?code=${encodeURIComponent(inputs.verificationCode)}`;
  const qrPng = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 200 });
  const title = filled.title.join('');
  const pdf = await renderOfficialDocument(
    {
      organ: inputs.organ,
      docNo: inputs.docNo,
      title,
      addressee: filled.addressee,
      body: filled.body,
      attachments: filled.attachments,
      dateText,
      issuedAt: new Date(inputs.issuedAt),
      printedBy: `${inputs.organ}办公室`,
      verification: { code: inputs.verificationCode, qrPng, url },
      internal: inputs.kind === 'approvalForm',
    },
    fonts,
  );
  return { pdf, title };
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
