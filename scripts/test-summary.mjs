#!/usr/bin/env node
// Reads the result files that scripts/test.sh leaves in a folder and prints one line per
// suite, then the plain closing line CI reads: "N passed, M failed".
// Jest (--json) and Playwright (JSON reporter) files count their tests; a "check" file
// ({ "name", "passed", "detail" }) counts as one test (type check, lint).
// A suite that was expected but left no result counts as one failure.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...expected] = process.argv.slice(2);
if (!dir) {
  console.error('usage: test-summary.mjs <results-dir> [expected-suite ...]');
  process.exit(2);
}

function countPlaywright(report) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  const walk = suite => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const status = test.status; // expected | unexpected | flaky | skipped
        if (status === 'skipped') skipped++;
        else if (status === 'expected' || status === 'flaky') passed++;
        else {
          failed++;
          failures.push(spec.title);
        }
      }
    }
    (suite.suites ?? []).forEach(walk);
  };
  (report.suites ?? []).forEach(walk);
  if (report.errors?.length) {
    failed += report.errors.length;
    failures.push(...report.errors.map(e => e.message?.split('\n')[0]));
  }
  return { passed, failed, skipped, failures };
}

function countJest(report) {
  const failures = [];
  for (const file of report.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'failed') failures.push(a.fullName);
    }
    if (file.status === 'failed' && !(file.assertionResults ?? []).length) {
      failures.push(`${file.name}: ${String(file.message).split('\n')[0]}`);
    }
  }
  // A test file that fails to load has no assertion results: count it as a failure.
  const loadFailures = (report.testResults ?? []).filter(
    f => f.status === 'failed' && !(f.assertionResults ?? []).length,
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + loadFailures,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    failures,
  };
}

const files = existsSync(dir) ? readdirSync(dir).sort() : [];
const seen = new Set();
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const m = file.match(/^(.+)\.(jest|playwright|check)\.json$/);
  if (!m) continue;
  const [, suite, kind] = m;
  seen.add(suite);
  // A suite may leave several files, "<suite>.<part>.<kind>.json" (fresh-app: one per app).
  seen.add(suite.split('.')[0]);
  let r;
  try {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (kind === 'jest') r = countJest(data);
    else if (kind === 'playwright') r = countPlaywright(data);
    else
      r = {
        passed: data.passed ? 1 : 0,
        failed: data.passed ? 0 : 1,
        skipped: 0,
        failures: data.passed ? [] : [data.detail ?? data.name],
      };
  } catch (e) {
    r = {
      passed: 0,
      failed: 1,
      skipped: 0,
      failures: [`unreadable result ${file}: ${e.message}`],
    };
  }
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  console.log(
    `suite ${suite}: ${r.passed} passed, ${r.failed} failed${
      r.skipped ? `, ${r.skipped} skipped` : ''
    }`,
  );
  for (const f of r.failures.slice(0, 20)) console.log(`  FAILED: ${f}`);
}
for (const suite of expected) {
  if (!seen.has(suite)) {
    failed += 1;
    console.log(
      `suite ${suite}: left no result (it crashed or did not run): counted as 1 failed`,
    );
  }
}
console.log(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(failed > 0 ? 1 : 0);
