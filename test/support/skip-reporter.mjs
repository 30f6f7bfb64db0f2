// Lists every skipped test with its reason after a run, so that a skip is never mistaken for a pass.
// Reasons come from test/support/requirements.ts, which puts them in the skipped test's name.
export default class SkipReporter {
  skipped = [];

  onTestResult(test, result) {
    for (const r of result.testResults) {
      if (r.status === 'pending' || r.status === 'todo') this.skipped.push({ file: test.path.replace(`${process.cwd()}/`, ''), name: r.fullName });
    }
  }

  onRunComplete() {
    if (this.skipped.length === 0) return;
    const lines = this.skipped.map((s) => `  ○ ${s.name}  (${s.file})`);
    process.stderr.write(`\nSkipped tests (${this.skipped.length}) — not run, not passed:\n${lines.join('\n')}\n`);
  }
}
