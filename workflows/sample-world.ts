import type { FactWorld, FilingFact } from './core';
import { DEFAULT_CATALOGUE } from './tolerance/tolerance.catalogue';

/**
 * The reference data the sample paths resolve the engine's look-ups from (`event.facts`): the demo
 * units, a committee per jurisdiction, the shipped catalogue, and one registered risk-prevention
 * filing. The demo data loads the same committees, and the 防错备案 samples register the same
 * filing number, so the demo cases and the end-to-end paths decide on what the graph tests do.
 */

/** The Jinan body's committee (named people until a directory of bodies exists). */
export const SAMPLE_COMMITTEE_MEMBERS = ['王建国', '李志强', '赵丽', '陈晓东', '刘洋', '孙敏', '周海'];
export const SAMPLE_QINGDAO_COMMITTEE_MEMBERS = ['高峰', '林静', '郑伟', '何平', '马丽'];
/** The provincial body's committee, which hears appeals from Jinan and Qingdao (issue 18 §3). */
export const SAMPLE_SHANDONG_COMMITTEE_MEMBERS = ['韩立新', '宋文华', '唐明', '冯雪', '曹志远'];

/** The filing the sample tolerance application cites, registered by the 防错备案 samples. */
export const SAMPLE_FILING: FilingFact = {
  filingNo: '开改备〔2025〕7号',
  caseId: 'sample-risk-filing',
  unitId: 'unit-jinan-dev',
  project: '开发区“标准地”出让改革试点',
  scope: '“标准地”出让、先签投资协议后办理规划手续的改革试点',
  filedOn: '2025-03-10',
  registeredOn: '2025-04-01',
};

export const SAMPLE_WORLD: FactWorld = {
  units: { 'unit-jinan-dev': 'jinan', 'unit-qingdao-port': 'qingdao' },
  committees: {
    jinan: { members: SAMPLE_COMMITTEE_MEMBERS, quorum: 4, version: 1 },
    qingdao: { members: SAMPLE_QINGDAO_COMMITTEE_MEMBERS, quorum: 3, version: 1 },
    shandong: { members: SAMPLE_SHANDONG_COMMITTEE_MEMBERS, quorum: 3, version: 1 },
  },
  catalogue: DEFAULT_CATALOGUE,
  filings: [SAMPLE_FILING],
};
