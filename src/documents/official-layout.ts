import PDFDocument from 'pdfkit';
import type { DocumentFonts } from './document-fonts';

/**
 * An official document laid out per GB/T 9704-2012 (党政机关公文格式) and rendered to PDF with its
 * fonts embedded (subsets). Everything is placed on the standard's grid by hand rather than by
 * pdfkit's text flow, so the page is the standard's page and the output depends only on the input:
 *
 * - A4; 版心 156 mm × 225 mm, top margin 37 mm, left margin 28 mm (5.2.1);
 * - the text in 3号仿宋 (16 pt) on 22 lines of 28 characters (5.2.2);
 * - 版头: the organ's mark (发文机关标志) in red 小标宋, centred, its top edge 35 mm below the top of
 *   the 版心 (7.2.3); the 发文字号 centred two lines below it (7.2.4); the red separator line 4 mm
 *   below the 发文字号, as wide as the 版心 (7.2.6);
 * - 标题 in 2号小标宋 two lines below the separator, centred (7.3.1); 主送机关 one line below, flush
 *   left, ending with a full-width colon (7.3.2); each paragraph of the 正文 indented two characters,
 *   continuation lines flush left (7.3.3); 附件说明 one line below the text (7.3.4);
 * - 发文机关署名 centred over the 成文日期, the date four characters from the right in Arabic
 *   numerals, and the seal's place (a red circle, 42 mm, over both) (7.3.5.1);
 * - 版记: 印发机关 and 印发日期 between a thick and a thin line at the foot of the last page (7.4);
 * - page numbers in 4号宋体 as “— 1 —”, 7 mm below the 版心, odd pages on the right and even pages on
 *   the left, one character in (7.5).
 *
 * Deterministic: the document's dates and file identifier come from the issue time, so the same
 * inputs give the same bytes (the issued bytes are stored and served as issued regardless).
 */
export interface OfficialDocument {
  /** 发文机关全称, printed red at the top and as the signature. */
  organ: string;
  docNo: string;
  title: string;
  addressee: string[];
  body: string[];
  attachments: string[];
  /** 成文日期, already in Chinese (2026年7月15日). */
  dateText: string;
  /** When the document was issued: its PDF dates and file identifier. */
  issuedAt: Date;
  /** 印发机关 (the organ's office) in the 版记. */
  printedBy: string;
  /** The verification code and the QR code's PNG printed in the top margin of the first page. */
  verification: { code: string; qrPng: Buffer; url: string };
  /** An internal form (呈批表): no red header, no seal. */
  internal?: boolean;
}

const MM = 72 / 25.4;
const BLOCK = { left: 28 * MM, top: 37 * MM, width: 156 * MM, height: 225 * MM };
const LINES = 22;
const CHARS = 28;
const PITCH = BLOCK.height / LINES;
const CELL = BLOCK.width / CHARS;
const SIZE = { text: 16, title: 22, mark: 44, pageNo: 14, imprint: 14, small: 8 };
const RED = '#E60012';

/** Characters that may not begin a line (GB/T 15834 punctuation; they hang at the end of the line before). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』”’〕】…—·%']);
/** Characters that may not end a line (they move to the next). */
const NO_LINE_END = new Set([...'（《「『“‘〔【']);

export async function renderOfficialDocument(doc: OfficialDocument, fonts: DocumentFonts): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    info: {
      Title: doc.title,
      Author: doc.organ,
      Subject: doc.docNo,
      Producer: 'PDFKit',
      Creator: doc.organ,
      CreationDate: doc.issuedAt,
      ModDate: doc.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('fangsong', fonts.fangsong.data, fonts.fangsong.postscriptName);
  pdf.registerFont('xiaobiaosong', fonts.xiaobiaosong.data, fonts.xiaobiaosong.postscriptName);
  pdf.registerFont('song', fonts.song.data, fonts.song.postscriptName);

  const page = new GridWriter(pdf);
  page.newPage();
  firstPageMargin(pdf, doc);

  // 版头: the organ's mark, the 发文字号, the red line (an internal form has a plain heading instead).
  if (!doc.internal) {
    const markSize = fitSize(pdf, 'xiaobiaosong', doc.organ, SIZE.mark, BLOCK.width);
    const markTop = BLOCK.top + 35 * MM;
    pdf.font('xiaobiaosong').fontSize(markSize).fillColor(RED);
    const markWidth = pdf.widthOfString(doc.organ);
    pdf.text(doc.organ, BLOCK.left + (BLOCK.width - markWidth) / 2, markTop, { lineBreak: false });
    // The 发文字号 two grid lines below the mark's lower edge.
    const markBottom = markTop + markSize * 1.1;
    page.line = Math.ceil((markBottom - BLOCK.top) / PITCH) + 2;
    const noLine = page.line;
    page.centred(doc.docNo, 'fangsong', SIZE.text, '#000000');
    const rule = page.baseline(noLine) + 4 * MM;
    pdf
      .moveTo(BLOCK.left, rule)
      .lineTo(BLOCK.left + BLOCK.width, rule)
      .lineWidth(1)
      .strokeColor(RED)
      .stroke();
    page.line = noLine + 3;
  } else {
    page.line = 1;
    page.rightAligned(doc.docNo, 'fangsong', SIZE.text);
    page.line += 1;
  }

  // 标题 (2号小标宋, centred, broken like the text) and 主送机关.
  for (const line of breakLines(pdf, 'xiaobiaosong', SIZE.title, doc.title, BLOCK.width - 4 * CELL, 0)) {
    page.ensureRoom(1);
    page.centred(line, 'xiaobiaosong', SIZE.title, '#000000');
  }
  page.line += 1;
  if (doc.addressee.length > 0) {
    const addressee = `${doc.addressee.join('，')}：`;
    for (const line of breakLines(pdf, 'fangsong', SIZE.text, addressee, BLOCK.width, 0)) page.gridLine(line);
  }

  // 正文: each paragraph indented two characters, continuation lines flush left.
  for (const paragraph of doc.body) {
    for (const [index, line] of breakLines(pdf, 'fangsong', SIZE.text, paragraph, BLOCK.width, 2 * CELL).entries()) {
      page.gridLine(line, index === 0 ? 2 * CELL : 0);
    }
  }

  // 附件说明: one line below the text, “附件：” indented two characters, several attachments numbered.
  if (doc.attachments.length > 0) {
    page.line += 1;
    doc.attachments.forEach((name, index) => {
      const label = doc.attachments.length > 1 ? `${index + 1}．${name}` : name;
      page.gridLine(index === 0 ? `附件：${label}` : label, index === 0 ? 2 * CELL : 5 * CELL);
    });
  }

  // 落款: the signature centred over the date, the date four characters from the right, the seal over both.
  if (!doc.internal) {
    page.ensureRoom(5);
    page.line += 2;
    const signatureLine = page.line;
    const dateWidth = pdf.font('fangsong').fontSize(SIZE.text).widthOfString(doc.dateText);
    const dateRight = BLOCK.left + BLOCK.width - 4 * CELL;
    const dateCentre = dateRight - dateWidth / 2;
    const organWidth = pdf.widthOfString(doc.organ);
    page.textAt(doc.organ, dateCentre - organWidth / 2, signatureLine, 'fangsong', SIZE.text);
    page.textAt(doc.dateText, dateRight - dateWidth, signatureLine + 1, 'fangsong', SIZE.text);
    const sealCentreY = page.baseline(signatureLine) + PITCH * 0.35;
    pdf
      .circle(dateCentre, sealCentreY, 21 * MM)
      .lineWidth(0.8)
      .dash(3, { space: 3 })
      .strokeColor(RED)
      .stroke()
      .undash();
    pdf.font('fangsong').fontSize(SIZE.small).fillColor(RED);
    const sealLabel = '（印章位置）';
    pdf.text(sealLabel, dateCentre - pdf.widthOfString(sealLabel) / 2, sealCentreY + 21 * MM - 14, { lineBreak: false });
    page.line = signatureLine + 2;
  }

  // 版记: 印发机关 and 印发日期 on the last line of the last page, between a thick and a thin line.
  if (!doc.internal) {
    if (page.line > LINES - 2) page.newPage();
    const imprintBase = page.baseline(LINES);
    const top = imprintBase - PITCH + 6;
    pdf
      .moveTo(BLOCK.left, top)
      .lineTo(BLOCK.left + BLOCK.width, top)
      .lineWidth(0.35 * MM)
      .strokeColor('#000000')
      .stroke();
    const bottom = BLOCK.top + BLOCK.height;
    pdf
      .moveTo(BLOCK.left, bottom)
      .lineTo(BLOCK.left + BLOCK.width, bottom)
      .lineWidth(0.35 * MM)
      .stroke();
    pdf.font('fangsong').fontSize(SIZE.imprint).fillColor('#000000');
    const printed = `${doc.dateText}印发`;
    pdf.text(doc.printedBy, BLOCK.left + SIZE.imprint, imprintBase - SIZE.imprint * 0.88 - 3, { lineBreak: false });
    pdf.text(printed, BLOCK.left + BLOCK.width - SIZE.imprint - pdf.widthOfString(printed), imprintBase - SIZE.imprint * 0.88 - 3, { lineBreak: false });
  }

  // Page numbers on every page: “— n —”, 7 mm below the 版心, odd right and even left.
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    pdf.switchToPage(index);
    const label = `— ${index + 1} —`;
    pdf.font('song').fontSize(SIZE.pageNo).fillColor('#000000');
    const width = pdf.widthOfString(label);
    const x = (index + 1) % 2 === 1 ? BLOCK.left + BLOCK.width - SIZE.pageNo - width : BLOCK.left + SIZE.pageNo;
    pdf.text(label, x, BLOCK.top + BLOCK.height + 7 * MM, { lineBreak: false });
  }
  pdf.end();
  return done;
}

/** The verification code and its QR code, in the top margin of the first page (outside the 版心). */
function firstPageMargin(pdf: PDFKit.PDFDocument, doc: OfficialDocument): void {
  const size = 18 * MM;
  const x = BLOCK.left + BLOCK.width - size;
  pdf.image(doc.verification.qrPng, x, 10 * MM, { width: size, height: size });
  pdf.font('fangsong').fontSize(SIZE.small).fillColor('#000000');
  const label = `核验码：${doc.verification.code}`;
  pdf.text(label, x - pdf.widthOfString(label) - 2 * MM, 10 * MM + size - SIZE.small, { lineBreak: false });
}

/** A font size no larger than `max` at which `text` fits `width` (a long organ name is set smaller). */
function fitSize(pdf: PDFKit.PDFDocument, font: string, text: string, max: number, width: number): number {
  pdf.font(font).fontSize(max);
  const natural = pdf.widthOfString(text);
  return natural <= width ? max : Math.floor((max * width) / natural);
}

/**
 * Breaks a paragraph into lines no wider than `width` (the first line `indent` narrower): CJK
 * characters take one grid cell each, other characters their own width; a closing punctuation mark
 * hangs at the end of the line rather than begin the next one, an opening mark moves to the next.
 */
export function breakLines(pdf: PDFKit.PDFDocument, font: string, size: number, text: string, width: number, indent: number): string[] {
  pdf.font(font).fontSize(size);
  const cell = size === SIZE.text ? CELL : size;
  const lines: string[] = [];
  let current = '';
  let used = indent;
  for (const char of text) {
    const advance = isWide(char) ? cell : pdf.widthOfString(char);
    if (used + advance > width + 0.01 && current !== '' && !NO_LINE_START.has(char)) {
      // An opening mark at the end of the line goes down with the character after it.
      let carried = '';
      while (current.length > 1 && NO_LINE_END.has(current.at(-1)!)) {
        carried = current.at(-1)! + carried;
        current = current.slice(0, -1);
      }
      lines.push(current);
      current = carried;
      used = [...carried].reduce((sum, c) => sum + (isWide(c) ? cell : pdf.widthOfString(c)), 0);
    }
    current += char;
    used += advance;
  }
  if (current !== '') lines.push(current);
  return lines;
}

function isWide(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code >= 0x2e80 || (code >= 0x2010 && code <= 0x206f);
}

/** Writes on the 22-line grid of the 版心, page after page. */
class GridWriter {
  /** The grid line the next text goes on, 1-based. */
  line = 1;

  constructor(private readonly pdf: PDFKit.PDFDocument) {}

  newPage(): void {
    this.pdf.addPage({ size: 'A4', margin: 0 });
    this.line = 1;
  }

  ensureRoom(lines: number): void {
    if (this.line + lines - 1 > LINES) this.newPage();
  }

  /** The baseline of grid line `n`: the line box is PITCH high, the glyphs sit a little above its foot. */
  baseline(n: number): number {
    return BLOCK.top + n * PITCH - (PITCH - SIZE.text) / 2;
  }

  gridLine(text: string, indent = 0): void {
    this.ensureRoom(1);
    this.cells(text, BLOCK.left + indent);
    this.line += 1;
  }

  centred(text: string, font: string, size: number, colour = '#000000'): void {
    this.pdf.font(font).fontSize(size).fillColor(colour);
    const width = this.pdf.widthOfString(text);
    this.textAt(text, BLOCK.left + (BLOCK.width - width) / 2, this.line, font, size, colour);
    this.line += 1;
  }

  rightAligned(text: string, font: string, size: number): void {
    this.pdf.font(font).fontSize(size);
    this.textAt(text, BLOCK.left + BLOCK.width - this.pdf.widthOfString(text), this.line, font, size);
    this.line += 1;
  }

  textAt(text: string, x: number, line: number, font: string, size: number, colour = '#000000'): void {
    this.pdf.font(font).fontSize(size).fillColor(colour);
    this.pdf.text(text, x, this.baseline(line) - size * 0.88, { lineBreak: false });
  }

  /** A text line with each CJK character in its grid cell (28 to the line), other characters at their width. */
  private cells(text: string, x: number): void {
    this.pdf.font('fangsong').fontSize(SIZE.text).fillColor('#000000');
    const top = this.baseline(this.line) - SIZE.text * 0.88;
    let at = x;
    let run = '';
    let runStart = x;
    const flush = () => {
      if (run !== '') this.pdf.text(run, runStart, top, { lineBreak: false, characterSpacing: CELL - SIZE.text });
      run = '';
    };
    for (const char of text) {
      if (isWide(char)) {
        if (run === '') runStart = at;
        run += char;
        at += CELL;
      } else {
        flush();
        this.pdf.text(char, at, top, { lineBreak: false });
        at += this.pdf.widthOfString(char);
      }
    }
    flush();
  }
}
