/**
 * The templates' syntax, small enough for a system administrator to edit without a manual:
 *
 *   【标题】关于对{{当事人}}同志予以容错免责的决定
 *   【主送】{{所在单位}}，{{当事人}}同志
 *   【正文】
 *   一行一个自然段，{{占位符}}换成本步骤的内容……
 *   【附件】（可选）每行一个附件名称
 *
 * A section starts with its mark at the beginning of a line; the rest of that line and the lines
 * up to the next mark are its text. Placeholders are `{{名称}}`, the names a kind of document offers
 * (`DOCUMENT_KINDS[kind].values` and the common ones). A template that names anything else, leaves a
 * brace open, lacks the title or the body, or repeats a section is refused at save, each fault with
 * its line number, so no document can ever be issued with a hole in it.
 *
 * Hand-written rather than a template engine: the whole language is one substitution, and what the
 * check must refuse (an unknown name, a stray brace) is exactly what engines like Handlebars accept.
 */

export const SECTIONS = { 标题: 'title', 主送: 'addressee', 正文: 'body', 附件: 'attachments' } as const;
type SectionName = keyof typeof SECTIONS;
type SectionKey = (typeof SECTIONS)[SectionName];

/** Every document has these values; the step adds its kind's own. */
export const COMMON_VALUES = {
  发文机关: '发文机关全称',
  机关简称: '发文机关简称',
  文号: '本文书的文号',
  成文日期: '成文日期',
  案件编号: '案件编号',
  当事人: '文书所涉当事人（诬告陷害查处中为“被处理人”）',
  干部姓名: '当事干部（被反映干部）的姓名',
  所在单位: '当事干部所在单位',
} as const;

export interface TemplateFault {
  line: number;
  messageZh: string;
  message: string;
}

export type ParsedTemplate = Record<SectionKey, string[]>;

const MARK = /^【([^】]*)】/;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Parses and checks a template against the names it may use: the template, or every fault found. */
export function parseTemplate(
  source: string,
  allowed: readonly string[],
): { template: ParsedTemplate; faults: [] } | { template: null; faults: TemplateFault[] } {
  const faults: TemplateFault[] = [];
  const template: ParsedTemplate = { title: [], addressee: [], body: [], attachments: [] };
  const seen = new Set<SectionKey>();
  let current: SectionKey | null = null;
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    let text = raw;
    const mark = MARK.exec(text);
    if (mark) {
      const key = SECTIONS[mark[1] as SectionName];
      if (!key) {
        faults.push({
          line,
          messageZh: `第${line}行：不认识的段落标记“【${mark[1]}】”，可用的有${Object.keys(SECTIONS)
            .map((s) => `【${s}】`)
            .join('、')}`,
          message: `line ${line}: unknown section mark 【${mark[1]}】; use ${Object.keys(SECTIONS)
            .map((s) => `【${s}】`)
            .join(', ')}`,
        });
        return;
      }
      if (seen.has(key)) {
        faults.push({ line, messageZh: `第${line}行：“【${mark[1]}】”重复出现`, message: `line ${line}: section 【${mark[1]}】 appears twice` });
        return;
      }
      seen.add(key);
      current = key;
      text = text.slice(mark[0].length);
    }
    faults.push(...lineFaults(text, line, allowed));
    if (text.trim() === '') return;
    if (!current) {
      faults.push({ line, messageZh: `第${line}行：文字出现在第一个段落标记之前`, message: `line ${line}: text before the first section mark` });
      return;
    }
    template[current].push(text.trim());
  });
  if (template.title.length === 0) faults.push({ line: 1, messageZh: '缺少【标题】', message: 'the template has no 【标题】 (title)' });
  if (template.body.length === 0) faults.push({ line: lines.length, messageZh: '缺少【正文】或正文为空', message: 'the template has no 【正文】 (body) text' });
  return faults.length > 0 ? { template: null, faults } : { template, faults: [] };
}

function lineFaults(text: string, line: number, allowed: readonly string[]): TemplateFault[] {
  const faults: TemplateFault[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1].trim();
    if (!allowed.includes(name)) {
      faults.push({
        line,
        messageZh: `第${line}行：不认识的占位符“{{${name}}}”，本文书可用：${allowed.join('、')}`,
        message: `line ${line}: unknown placeholder {{${name}}}; this document offers ${allowed.join(', ')}`,
      });
    }
  }
  // What remains once every well-formed placeholder is taken out must hold no brace at all.
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}') || /[{}]/.test(rest)) {
    faults.push({
      line,
      messageZh: `第${line}行：花括号不成对，占位符应写作“{{名称}}”`,
      message: `line ${line}: unbalanced brace; a placeholder is written {{name}}`,
    });
  }
  return faults;
}

/**
 * The template filled in: each placeholder replaced by its value. A paragraph whose placeholders
 * were all empty is left out (an optional remark not given), and a value with line breaks (a list of
 * items) becomes one paragraph per line.
 */
export function fillTemplate(template: ParsedTemplate, values: Readonly<Record<string, string>>): ParsedTemplate {
  const fill = (lines: string[]): string[] =>
    lines.flatMap((line) => {
      const names = [...line.matchAll(PLACEHOLDER)].map((m) => m[1].trim());
      if (names.length > 0 && names.every((name) => (values[name] ?? '').trim() === '')) return [];
      return line
        .replace(PLACEHOLDER, (_, name: string) => values[name.trim()] ?? '')
        .split('\n')
        .map((part) => part.trim())
        .filter((part) => part !== '');
    });
  return { title: fill(template.title), addressee: fill(template.addressee), body: fill(template.body), attachments: fill(template.attachments) };
}
