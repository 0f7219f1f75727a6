// Prints the one line CI reads, `N passed, N failed, N skipped`, from vitest's JSON report.
import { readFileSync, existsSync } from 'node:fs';

const path = process.argv[2];
if (!path || !existsSync(path)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${path}: the test runner did not finish`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(path, 'utf8'));
const failed = r.numFailedTests;
// A suite that fails to load (syntax error, import error) has no tests; count it as a failure.
const brokenSuites = (r.testResults ?? []).filter(
  (s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0,
).length;
console.log(`${r.numPassedTests} passed, ${failed + brokenSuites} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped`);
