import { DOCUMENT_KIND_IDS } from '../../workflows/documents';
import { DEFAULT_TEMPLATES } from './default-templates';
import { allowedNames } from './document-composer';
import { fillTemplate, parseTemplate } from './template-syntax';

describe('template syntax', () => {
  it.each(DOCUMENT_KIND_IDS.map((kind) => [kind]))('the shipped %s template parses with its own placeholders', (kind) => {
    const parsed = parseTemplate(DEFAULT_TEMPLATES[kind], allowedNames(kind));
    expect(parsed.faults).toEqual([]);
    expect(parsed.template!.title.length).toBeGreaterThan(0);
  });

  it('names the line of each fault', () => {
    const { faults } = parseTemplate('【标题】通知\n\n【正文】\n{{文号}} {{无此项}}\n{文号}}\n【正文】再一次', ['文号']);
    expect(faults.map((fault) => [fault.line, fault.messageZh.slice(0, 4)])).toEqual([
      [4, '第4行：'],
      [5, '第5行：'],
      [6, '第6行：'],
    ]);
  });

  it('drops a paragraph whose values are all empty and splits a list into paragraphs', () => {
    const parsed = parseTemplate('【标题】T\n【正文】\n甲{{a}}\n{{b}}\n丙', ['a', 'b']);
    expect(fillTemplate(parsed.template!, { a: '', b: '1．x\n2．y' }).body).toEqual(['1．x', '2．y', '丙']);
  });
});
