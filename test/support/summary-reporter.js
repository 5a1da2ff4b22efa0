/**
 * Ends the run with plain lines any CI can read: one per database suite, then the total
 * `tests: N passed, N failed, N skipped`.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const bySuite = new Map();
    for (const file of results.testResults) {
      const name = (typeof file.displayName === 'string' ? file.displayName : file.displayName?.name) ?? 'tests';
      const suite = bySuite.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      suite.passed += file.numPassingTests;
      suite.failed += file.numFailingTests + (file.testExecError ? 1 : 0);
      suite.skipped += file.numPendingTests + file.numTodoTests;
      bySuite.set(name, suite);
    }
    for (const [name, suite] of bySuite) {
      process.stdout.write(`\n${name}: ${suite.passed} passed, ${suite.failed} failed, ${suite.skipped} skipped`);
    }
    if (process.env.SKIP_POSTGRES_TESTS === '1') process.stdout.write('\npostgres: not run (SKIP_POSTGRES_TESTS=1)');
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    const suiteErrors = results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${passed} passed, ${failed + suiteErrors} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
