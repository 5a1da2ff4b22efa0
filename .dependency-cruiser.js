/**
 * The edges between folders (docs/architecture.md, "Modules"). `npm test` runs this before jest:
 * an import that breaks a rule fails the build with the rule's name and comment.
 *
 * src/ is layered: a folder may import only folders below it in LAYERS (and workflows/), so no two
 * folders import each other, however indirectly. The rules named after the edges say the
 * same for the edges that matter most, with their own message.
 */
const LAYERS = [
  // The ground floor: no domain knowledge.
  'config',
  'common',
  'database',
  // Below the cases.
  'procedures',
  'trail',
  'sealed',
  'identity',
  'org',
  'deadlines',
  // The registers decisions write into, and the rules and facts a step is decided by.
  'registers',
  'rules',
  // GET /api/procedures: the registry's tables with the limits in force.
  'procedure-tables',
  // Attachments' store and the citations an event's transaction checks (issue 20 §1).
  'attachments',
  // Official documents (文书, issue 20 §2): templates, the GB/T 9704 layout, 文号, issuing inside a
  // step's transaction (the engine calls it), verification.
  'documents',
  // The cases and their one path of change.
  'cases',
  // Above the cases: what calls the engine or reads what it wrote.
  'scheduling',
  'audit',
  // The defined indicators, counted from the trail and the cases (issue 21).
  'statistics',
  // The organisation department's results register and the vetting inquiries (issue 21 §3).
  'results',
  'reveals',
  // 上级督办 / 交办: a higher body's supervision of a lower body's case, on the case's chain (issue 18 §3).
  'supervision',
  // Uploading and downloading a case's files: visibility, parties, protected files under a reveal.
  'case-files',
  'admin',
  // Bringing a spreadsheet of bodies, units, cadres and accounts into the directory (issue 18 §4).
  'directory-import',
  // Bringing the backlog of existing cases in from a spreadsheet, each into a stated step (issue 18 §4).
  'backlog-import',
  'web',
  'health',
  'demo',
  'operations',
  'cli',
];

const DOMAIN = LAYERS.slice(3);
const folders = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.slice(0, -1).map((folder, index) => ({
  name: `layer-${folder}`,
  comment: `src/${folder}/ sits below ${LAYERS.slice(index + 1).join(', ')}: it may not import them (docs/architecture.md, "Modules")`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: folders(LAYERS.slice(index + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'workflows-pure',
      comment: 'workflows/ is the pure contract: it imports only xstate and itself (no Node built-ins, no other package, nothing from src/)',
      severity: 'error',
      from: { path: '^workflows/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^workflows/', '^node_modules/xstate/'] },
    },
    {
      name: 'workflows-tests-pure',
      comment: "workflows/' tests drive the machines through their own harness: xstate, workflows/ and test/support/machine-harness.ts only",
      severity: 'error',
      from: { path: '^workflows/.+\\.spec\\.ts$' },
      to: { pathNot: ['^workflows/', '^node_modules/xstate/', '^test/support/machine-harness\\.ts$'] },
    },
    {
      name: 'ground-floor',
      comment: 'common/, config/ and database/ are the ground floor: they import no domain folder',
      severity: 'error',
      from: { path: '^src/(common|config|database)/' },
      to: { path: folders(DOMAIN) },
    },
    {
      name: 'scheduling-above-cases',
      comment: 'the scheduler calls the case engine; cases/ never imports scheduling/',
      severity: 'error',
      from: { path: '^src/cases/' },
      to: { path: '^src/scheduling/' },
    },
    {
      name: 'deadlines-below-cases',
      comment: 'deadlines/ (calendar, due dates, deadline rows) is written by the engine: it imports neither cases/ nor scheduling/',
      severity: 'error',
      from: { path: '^src/deadlines/' },
      to: { path: '^src/(cases|scheduling)/' },
    },
    {
      name: 'org-below-cases',
      comment: 'org/ (units and bodies) sits below cases/: it imports no domain folder above it',
      severity: 'error',
      from: { path: '^src/org/' },
      to: { path: folders(DOMAIN.slice(DOMAIN.indexOf('org') + 1)) },
    },
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'no import cycle between files',
      severity: 'error',
      from: { path: '^(src|workflows)/' },
      to: { circular: true },
    },
    {
      name: 'root-files-at-the-top',
      comment: 'the composition root (src/*.ts: app module, bootstrap, main) is imported by nothing in src/',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
