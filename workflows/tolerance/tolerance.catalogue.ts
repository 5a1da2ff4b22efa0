import type { CatalogueEntry, Label } from '../core';

/**
 * The catalogues of tolerance situations (容错情形) and exclusion situations (不予容错情形) every
 * jurisdiction starts from (domain.md §3.6), as version 1 of its catalogue; the system
 * administrator edits them per jurisdiction, and each edit is a new version (a case keeps the
 * version it was first assessed under). Verification selects situations from the catalogue by code.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** 《中国共产党问责条例》(2019) 第十七条: grounds on which no accountability or exemption is applied. */
const ART_17 = '《中国共产党问责条例》（2019年）第十七条';
const THREE_DISTINCTIONS = '中办《关于进一步激励广大干部新时代新担当新作为的意见》（2018年）“三个区分开来”';
const LOCAL_MEASURES = '地方容错纠错实施办法的通行规定（如昌宁2016年、大理2019年）';

const tolerance = (code: string, wording: Label, legalBasis: string, describe = false): CatalogueEntry => ({
  code,
  kind: 'tolerance',
  wording,
  legalBasis,
  describe,
});
const exclusion = (code: string, wording: Label, legalBasis: string, describe = false): CatalogueEntry => ({
  code,
  kind: 'exclusion',
  wording,
  legalBasis,
  describe,
});

export const DEFAULT_CATALOGUE: CatalogueEntry[] = [
  tolerance('T01', l('在推进改革中因缺乏经验、先行先试出现的失误', 'A mistake made through inexperience while pioneering reform'), `${ART_17}第一项`),
  tolerance(
    'T02',
    l('在上级尚无明确限制的探索性试验中出现的失误', 'A mistake in an exploratory trial not expressly restricted by higher authorities'),
    `${ART_17}第一项`,
  ),
  tolerance('T03', l('为推动发展出现的无意过失', 'An unintended error made to promote development'), `${ART_17}第一项；${THREE_DISTINCTIONS}`),
  tolerance(
    'T04',
    l('在集体决策中对错误决策提出明确反对意见或者保留意见', 'Having clearly objected to, or reserved on, a wrong collective decision'),
    `${ART_17}第二项`,
  ),
  tolerance(
    'T05',
    l(
      '在决策实施中已经履职尽责，但因不可抗力、难以预见等因素造成损失',
      'Losses from force majeure or unforeseeable factors despite duty done in carrying out a decision',
    ),
    `${ART_17}第三项`,
  ),
  tolerance(
    'T06',
    l(
      '经调查研究、风险评估、民主决策等程序作出的决策在执行中出现失误，且积极主动挽回损失',
      'An error in carrying out a decision made after research, risk assessment and democratic decision-making, with losses actively recovered',
    ),
    LOCAL_MEASURES,
  ),
  tolerance(
    'T07',
    l(
      '法律法规没有明确禁止、政策界限不明确或因不可预见因素出现的失误',
      'An error where law did not forbid, policy limits were unclear or factors unforeseeable',
    ),
    LOCAL_MEASURES,
  ),
  tolerance('T99', l('其他符合容错精神的情形（须具体说明）', 'Another situation in the spirit of tolerance (to be described)'), '本辖区容错纠错实施办法', true),
  exclusion('X01', l('为谋取私利的', 'Seeking private gain'), `${THREE_DISTINCTIONS}；${LOCAL_MEASURES}`),
  exclusion('X02', l('违反政治纪律的', 'Violating political discipline'), LOCAL_MEASURES),
  exclusion(
    'X03',
    l('造成重大安全事故、环境污染、食品安全事故或者群体性事件的', 'Causing a major safety, environmental or food-safety accident or a mass incident'),
    LOCAL_MEASURES,
  ),
  exclusion('X04', l('同一问题重复发生的', 'The same mistake repeated'), '大理州容错纠错实施办法（2019年）'),
  exclusion('X05', l('拒不配合调查或者拒不挽回损失的', 'Refusing to cooperate with the investigation or to recover losses'), LOCAL_MEASURES),
  exclusion('X06', l('上级明令禁止后依然我行我素的', 'Acting in defiance of an express prohibition by higher authorities'), THREE_DISTINCTIONS),
  exclusion('X99', l('其他不予容错的情形（须具体说明）', 'Another exclusion situation (to be described)'), '本辖区容错纠错实施办法', true),
];
