/** One jest run covers the three tiers: machines (workflows/), services (src/) and HTTP (test/). */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/workflows', '<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testEnvironment: 'node',
  maxWorkers: 2,
  // End-to-end tests start the whole service; 5 s is too tight on a busy 2-core machine.
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
