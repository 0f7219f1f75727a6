// Prints the one line CI reads, `N passed, N failed, N skipped`, from vitest's JSON report and,
// when given, Playwright's JSON report (end-to-end tests). A missing report counts as a failure.
import { readFileSync, existsSync } from 'node:fs';

function readReport(path, runner) {
  if (!path || !existsSync(path)) {
    console.error(`no ${runner} report at ${path}: the test runner did not finish`);
    return undefined;
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

function vitestCounts(path) {
  const r = readReport(path, 'vitest');
  if (!r) return { passed: 0, failed: 1, skipped: 0 };
  // A suite that fails to load (syntax error, import error) has no tests; count it as a failure.
  const brokenSuites = (r.testResults ?? []).filter(
    (s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + brokenSuites,
    skipped: r.numPendingTests + (r.numTodoTests ?? 0),
  };
}

function playwrightCounts(path) {
  const r = readReport(path, 'Playwright');
  if (!r) return { passed: 0, failed: 1, skipped: 0 };
  const s = r.stats ?? {};
  // Errors outside any test (global setup, a spec that does not load) fail the run too.
  const outside = (r.errors ?? []).length > 0 ? 1 : 0;
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: (s.unexpected ?? 0) + outside,
    skipped: s.skipped ?? 0,
  };
}

const parts = [vitestCounts(process.argv[2])];
// A check of the run itself (scripts/test.sh: the working tree's out/ must be left as it was).
const extra = Number(process.env.MASV_TEST_EXTRA_FAILURES ?? 0);
if (extra > 0) parts.push({ passed: 0, failed: extra, skipped: 0 });
if (process.argv.length > 3) parts.push(playwrightCounts(process.argv[3]));
const sum = (k) => parts.reduce((n, p) => n + p[k], 0);
console.log(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
process.exitCode = sum('failed') > 0 ? 1 : 0;
