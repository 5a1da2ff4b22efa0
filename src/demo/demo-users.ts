import type { NewBody, NewCadre } from '../org/directory.service';
import type { NewUnit } from '../org/units.service';
import type { NewUser } from '../identity/users.service';

/** Every demo user shares this password (README); demo data is never loaded over real data. */
export const DEMO_PASSWORD = 'Demo-Passw0rd!';

const UNIT = 'unit-jinan-dev';

/**
 * The bodies of the demo's two jurisdictions, with the short names their case numbers begin with
 * (济纪容〔2026〕1号, 青纪澄〔2026〕2号), under the provincial body their appeals go to (issue 18 §3).
 */
export const DEMO_BODIES: NewBody[] = [
  { id: 'shandong', name: '山东省纪委监委', shortName: '鲁', kind: 'commission' },
  { id: 'jinan', name: '济南市纪委监委', shortName: '济', kind: 'commission', parentId: 'shandong' },
  { id: 'qingdao', name: '青岛市纪委监委', shortName: '青', kind: 'commission', parentId: 'shandong' },
];

/**
 * The rest of the demo's tree (issue 18 §5): under the Jinan city body two district bodies and the
 * group stationed at the development and reform commission. Loaded with the demo only.
 */
export const DEMO_BODIES_BELOW: NewBody[] = [
  { id: 'jinan-lixia', name: '济南市历下区纪委监委', shortName: '历下', kind: 'commission', parentId: 'jinan' },
  { id: 'jinan-shizhong', name: '济南市市中区纪委监委', shortName: '市中', kind: 'commission', parentId: 'jinan' },
  { id: 'jinan-fgw-group', name: '市纪委监委驻市发展改革委纪检监察组', shortName: '驻发改', kind: 'stationed', parentId: 'jinan' },
];

/** Units under the district bodies, so the directory has more than the two units the tests use. */
export const DEMO_UNITS_BELOW: NewUnit[] = [
  { id: 'unit-lixia-housing', name: '历下区住房和城乡建设局', jurisdiction: 'jinan-lixia' },
  { id: 'unit-lixia-jiefang', name: '历下区解放路街道办事处', jurisdiction: 'jinan-lixia' },
  { id: 'unit-shizhong-edu', name: '市中区教育和体育局', jurisdiction: 'jinan-shizhong' },
];

/**
 * The cadres of the demo's cases, each with a login so that they can consent and acknowledge on
 * their own cases: the demo spreads its cases over them (not all one person). 张明 is applicant1.
 */
export const DEMO_CADRE_ACCOUNTS: NewUser[] = [
  { id: 'cadre-wanglei', displayName: '王磊', unitId: UNIT, password: DEMO_PASSWORD, roles: [{ role: 'applicant', scope: UNIT }] },
  { id: 'cadre-liufang', displayName: '刘芳', unitId: UNIT, password: DEMO_PASSWORD, roles: [{ role: 'applicant', scope: UNIT }] },
  { id: 'cadre-chenjh', displayName: '陈建华', unitId: UNIT, password: DEMO_PASSWORD, roles: [{ role: 'applicant', scope: UNIT }] },
];

/** The directory's cadres: the demo cases' cadres (with their logins) and others for the pickers. */
export const DEMO_CADRES: NewCadre[] = [
  { id: 'applicant1', name: '张明', position: '投资处处长', rank: '一级调研员', unitId: UNIT, userId: 'applicant1', initials: 'zm' },
  { id: 'applicant2', name: '李华', position: '港务部副经理', rank: '', unitId: 'unit-qingdao-port', userId: 'applicant2', initials: 'lh' },
  { id: 'cadre-wanglei', name: '王磊', position: '产业发展处副处长', rank: '二级调研员', unitId: UNIT, userId: 'cadre-wanglei', initials: 'wl' },
  { id: 'cadre-liufang', name: '刘芳', position: '固定资产投资处处长', rank: '二级调研员', unitId: UNIT, userId: 'cadre-liufang', initials: 'lf' },
  { id: 'cadre-chenjh', name: '陈建华', position: '副主任', rank: '一级巡视员', unitId: UNIT, userId: 'cadre-chenjh', initials: 'cjh' },
  { id: 'cadre-zhouhui', name: '周慧', position: '局长', rank: '一级调研员', unitId: 'unit-lixia-housing', initials: 'zh' },
  { id: 'cadre-sunwei', name: '孙伟', position: '副局长', rank: '二级调研员', unitId: 'unit-lixia-housing', initials: 'sw' },
  { id: 'cadre-yangjing', name: '杨静', position: '党工委书记', rank: '一级调研员', unitId: 'unit-lixia-jiefang', initials: 'yj' },
  { id: 'cadre-zhanghao', name: '张浩', position: '副局长', rank: '三级调研员', unitId: 'unit-shizhong-edu', initials: 'zh' },
];

/** Whose the demo's cases are, in turn: each case's cadre, and the login that acts as the cadre in it. */
export const DEMO_CASE_CADRES = ['applicant1', 'cadre-wanglei', 'cadre-liufang', 'cadre-chenjh'];

/** Two jurisdictions, so the demo shows staff who see only their own (officer3: Qingdao). */
export const DEMO_UNITS: NewUnit[] = [
  { id: UNIT, name: '济南市发展和改革委员会', jurisdiction: 'jinan' },
  { id: 'unit-qingdao-port', name: '青岛港集团', jurisdiction: 'qingdao' },
];

/**
 * The demo's accounts. A display name is the person's name (or the office's, for a department's
 * account): the header shows the roles beside it, so a name never repeats its role (issue 23 §17).
 */
export const DEMO_USERS: NewUser[] = [
  { id: 'applicant1', displayName: '张明', unitId: UNIT, password: DEMO_PASSWORD, roles: [{ role: 'applicant', scope: UNIT }] },
  {
    id: 'applicant2',
    displayName: '李华',
    unitId: 'unit-qingdao-port',
    password: DEMO_PASSWORD,
    roles: [{ role: 'applicant', scope: 'unit-qingdao-port' }],
  },
  { id: 'unit1', displayName: '发改委党组', unitId: UNIT, password: DEMO_PASSWORD, roles: [{ role: 'unit', scope: UNIT }] },
  { id: 'officer1', displayName: '王强', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: '*' }] },
  { id: 'officer2', displayName: '赵敏', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: '*' }] },
  { id: 'reviewer1', displayName: '陈静', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'reviewer', scope: '*' }] },
  { id: 'committee1', displayName: '周立新', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'committee', scope: '*' }] },
  { id: 'leader1', displayName: '刘建国', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'leader', scope: '*', principal: true }] },
  { id: 'orgdept1', displayName: '组织部干部科', unitId: 'org', password: DEMO_PASSWORD, roles: [{ role: 'orgDept', scope: '*' }] },
  { id: 'auditor1', displayName: '钱慧', unitId: 'audit', password: DEMO_PASSWORD, roles: [{ role: 'auditor', scope: '*' }] },
  { id: 'officer3', displayName: '孙涛', unitId: 'cdi-qingdao', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: 'qingdao' }] },
  { id: 'sysadmin1', displayName: '何伟', unitId: 'it', password: DEMO_PASSWORD, roles: [{ role: 'sysAdmin', scope: '*' }] },
  { id: 'secadmin1', displayName: '马丽', unitId: 'it', password: DEMO_PASSWORD, roles: [{ role: 'secAdmin', scope: '*' }] },
  { id: 'auditadmin1', displayName: '郑洁', unitId: 'it', password: DEMO_PASSWORD, roles: [{ role: 'auditAdmin', scope: '*' }] },
  // A second audit administrator: retiring payloads needs two (src/audit/retirement-proposals.service.ts).
  { id: 'auditadmin2', displayName: '冯涛', unitId: 'it', password: DEMO_PASSWORD, roles: [{ role: 'auditAdmin', scope: '*' }] },
];
