// Lists every test skipped for a reason after a run, so that a skip is never mistaken for a pass.
// Reasons come from test/support/requirements.ts, which puts them in the skipped test's name
// (`… [skipped: needs PostgreSQL …]`); other skips (a `-t` filter, a bare `.skip`) are only counted.
export default class SkipReporter {
  withReason = [];
  others = 0;

  onTestResult(test, result) {
    for (const r of result.testResults) {
      if (r.status !== 'pending' && r.status !== 'todo') continue;
      if (r.fullName.includes('[skipped: ')) this.withReason.push(`  ○ ${r.fullName}  (${test.path.replace(`${process.cwd()}/`, '')})`);
      else this.others += 1;
    }
  }

  onRunComplete() {
    if (this.withReason.length > 0) {
      process.stderr.write(`\nSkipped, not passed (${this.withReason.length}):\n${this.withReason.join('\n')}\n`);
    }
    if (this.others > 0) process.stderr.write(`${this.others} more test(s) skipped without a reason (a -t filter or a bare .skip)\n`);
  }
}
