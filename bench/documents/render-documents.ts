import { writeFileSync, mkdirSync } from 'node:fs';
import { DOCUMENT_KIND_IDS } from '../../workflows/documents';
import { DEFAULT_TEMPLATES } from '../../src/documents/default-templates';
import { composeDocument, sha256Hex } from '../../src/documents/document-composer';
import { DEFAULT_DOCUMENT_FONTS } from '../../src/config/document-config';
import { loadDocumentFonts } from '../../src/documents/document-fonts';

/**
 * PDF generation time per document (issue 20): every kind of document rendered from its shipped
 * template with sample values, `ROUNDS` times each after one warm-up; prints the median and the
 * slowest per kind. `OUT=dir` also writes each PDF there.
 *   npx ts-node --transpile-only bench/documents/render-documents.ts
 */
const SAMPLE: Record<string, string> = {
  受理意见: '',
  不予受理情形: '不属于容错受理范围',
  不予受理理由: '所反映事项尚未启动问责程序。',
  补正材料: '1．所涉决策的会议纪要\n2．单位党组织意见',
  补正说明: '',
  认定理由: '该同志在推进棚户区改造项目中，为加快进度按照集体研究决定先行实施，未谋取私利，事后积极挽回损失，符合容错情形。',
  会议日期: '2026年7月10日',
  处理意见: '给予从轻处理，影响期6个月，自本决定作出之日起计算',
  复核结果: '维持原决定',
  复核理由: '原认定事实清楚，依据充分。',
  整改事项: '1．完善项目审批流程（整改责任主体：所在单位；整改期限：2026年10月15日前）',
  澄清日期: '2026年8月1日',
  澄清范围: '县住建局全体干部会议',
  澄清内容: '经核查，反映该同志违规插手工程项目的问题失实。',
  告知日期: '2026年6月1日',
  核查结论: '失实',
  处理措施: '批评教育；通报',
  处理理由: '捏造事实，影响恶劣。',
  审批机关: '市纪委常委会',
  办理事项: '核实',
  办理期限: '2026年7月20日',
  审理意见: '事实清楚，证据充分。',
  建议认定: '容错免责',
};

async function main(): Promise<void> {
  const rounds = Number(process.env.ROUNDS ?? 10);
  const out = process.env.OUT;
  if (out) mkdirSync(out, { recursive: true });
  const started = performance.now();
  const fonts = loadDocumentFonts(DEFAULT_DOCUMENT_FONTS);
  console.log(`fonts loaded in ${(performance.now() - started).toFixed(0)} ms`);
  console.log('kind\tmedian ms\tmax ms\tbytes\tsha256');
  for (const kind of DOCUMENT_KIND_IDS) {
    const inputs = {
      kind,
      templateSource: DEFAULT_TEMPLATES[kind],
      organ: '中共开发区纪律检查工作委员会',
      organShortName: '开',
      docNo: '开纪容决〔2026〕1号',
      caseNo: '开纪容〔2026〕3号',
      party: '张明',
      cadreName: '张明',
      unitName: '开发区住房和城乡建设局',
      values: SAMPLE,
      issuedAt: '2026-07-15T02:00:00.000Z',
      verificationCode: '4821-7730-1946',
      verifyUrl: 'https://jw.example.gov.cn/app/verify',
    };
    await composeDocument(inputs, fonts);
    const times: number[] = [];
    let pdf: Buffer = Buffer.alloc(0);
    for (let i = 0; i < rounds; i += 1) {
      const t0 = performance.now();
      pdf = (await composeDocument(inputs, fonts)).pdf;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`${kind}\t${times[Math.floor(times.length / 2)].toFixed(1)}\t${times.at(-1)!.toFixed(1)}\t${pdf.length}\t${sha256Hex(pdf).slice(0, 12)}`);
    if (out) writeFileSync(`${out}/${kind}.pdf`, pdf);
  }
}

void main();
