/**
 * One jest run, two projects:
 * - sqlite: the three tiers, machines (workflows/), services (src/) and HTTP (test/), on SQLite files;
 * - postgres: every HTTP test again on PostgreSQL (a throwaway cluster, or TEST_DATABASE_URL), plus
 *   the tests only PostgreSQL deployments have (`*.postgres.e2e-spec.ts`: several instances).
 * SKIP_POSTGRES_TESTS=1 leaves the second project out, and the closing line says so.
 */
const ESM_ONLY = '(file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)';

const common = {
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // file-type (attachments' content check) and its readers ship as ES modules only, which jest's
    // CommonJS runtime cannot require on Node 20 (Node itself can): compiled to CommonJS for tests.
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  testEnvironment: 'node',
};

const sqlite = {
  ...common,
  displayName: 'sqlite',
  roots: ['<rootDir>/workflows', '<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '\\.postgres\\.e2e-spec\\.ts$'],
};

const postgres = {
  ...common,
  displayName: 'postgres',
  roots: ['<rootDir>/test'],
  testRegex: '.*\\.e2e-spec\\.ts$',
  // The pages reach the database only through the API, which this project tests on PostgreSQL;
  // the browser suite runs once, in the sqlite project. The benchmark's smoke run starts its own
  // PostgreSQL cluster (and runs SQLite too), so it runs once, in the sqlite project; its fill is
  // checked in both.
  testPathIgnorePatterns: ['/node_modules/', '/test/browser/', '/test/bench-smoke'],
  setupFiles: ['<rootDir>/test/support/use-postgres.js'],
  globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres-global-teardown.ts',
};

module.exports = {
  maxWorkers: 2,
  // End-to-end tests start real apps (a fresh PostgreSQL database and its migrations each in the
  // second suite) and hash passwords with argon2: on a busy two-core machine that is seconds.
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: process.env.SKIP_POSTGRES_TESTS === '1' ? [sqlite] : [sqlite, postgres],
};
