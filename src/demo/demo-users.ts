import type { NewBody } from '../org/directory.service';
import type { NewUnit } from '../org/units.service';
import type { NewUser } from '../identity/users.service';

/** Every demo user shares this password (README); demo data is never loaded over real data. */
export const DEMO_PASSWORD = 'Demo-Passw0rd!';

const UNIT = 'unit-jinan-dev';

/**
 * The bodies of the demo's two jurisdictions, with the short names their case numbers begin with
 * (济纪容〔2026〕1号, 青纪澄〔2026〕2号).
 */
export const DEMO_BODIES: NewBody[] = [
  { id: 'jinan', name: '济南市纪委监委', shortName: '济', kind: 'commission' },
  { id: 'qingdao', name: '青岛市纪委监委', shortName: '青', kind: 'commission' },
];

/** Two jurisdictions, so the demo shows staff who see only their own (officer3: Qingdao). */
export const DEMO_UNITS: NewUnit[] = [
  { id: UNIT, name: '济南市发展和改革委员会', jurisdiction: 'jinan' },
  { id: 'unit-qingdao-port', name: '青岛港集团', jurisdiction: 'qingdao' },
];

export const DEMO_USERS: NewUser[] = [
  { id: 'applicant1', displayName: '张明（申请人）', unitId: UNIT, password: DEMO_PASSWORD, roles: [{ role: 'applicant', scope: UNIT }] },
  {
    id: 'applicant2',
    displayName: '李华（申请人）',
    unitId: 'unit-qingdao-port',
    password: DEMO_PASSWORD,
    roles: [{ role: 'applicant', scope: 'unit-qingdao-port' }],
  },
  { id: 'unit1', displayName: '发改委党组', unitId: UNIT, password: DEMO_PASSWORD, roles: [{ role: 'unit', scope: UNIT }] },
  { id: 'officer1', displayName: '王强（承办人）', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: '*' }] },
  { id: 'officer2', displayName: '赵敏（承办人）', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: '*' }] },
  { id: 'reviewer1', displayName: '陈静（审理人员）', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'reviewer', scope: '*' }] },
  { id: 'committee1', displayName: '常委会秘书', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'committee', scope: '*' }] },
  { id: 'leader1', displayName: '刘书记（主要负责人）', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'leader', scope: '*', principal: true }] },
  { id: 'orgdept1', displayName: '组织部干部科', unitId: 'org', password: DEMO_PASSWORD, roles: [{ role: 'orgDept', scope: '*' }] },
  { id: 'auditor1', displayName: '内部监督审计', unitId: 'audit', password: DEMO_PASSWORD, roles: [{ role: 'auditor', scope: '*' }] },
  { id: 'officer3', displayName: '孙涛（青岛承办人）', unitId: 'cdi-qingdao', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: 'qingdao' }] },
  { id: 'sysadmin1', displayName: '系统管理员', unitId: 'it', password: DEMO_PASSWORD, roles: [{ role: 'sysAdmin', scope: '*' }] },
  { id: 'secadmin1', displayName: '安全管理员', unitId: 'it', password: DEMO_PASSWORD, roles: [{ role: 'secAdmin', scope: '*' }] },
  { id: 'auditadmin1', displayName: '审计管理员', unitId: 'it', password: DEMO_PASSWORD, roles: [{ role: 'auditAdmin', scope: '*' }] },
];
