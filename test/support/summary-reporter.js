/** Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that any CI can read. */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    const suiteErrors = results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${passed} passed, ${failed + suiteErrors} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
