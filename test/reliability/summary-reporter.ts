// Ends `npm run test:reliability` with one table: test, cases tried, faults injected, failures. Tests record
// their counts in task.meta ({ rid, cases, faults }); a test that records nothing counts as one case with one
// injected fault (what the older fault tests each do).
import type { Reporter, TestModule } from 'vitest/node';

declare module 'vitest' {
  interface TaskMeta {
    /** The reliability id of the table in the issue, e.g. "R4". */
    rid?: string;
    cases?: number;
    faults?: number;
  }
}

type Row = { rid: string; test: string; cases: number; faults: number; failures: number };

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]) {
    const rows: Row[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta();
        const state = test.result().state;
        if (state === 'skipped' || state === 'pending') continue;
        const fileRid = /\/(r\d+)/i.exec(module.moduleId)?.[1]?.toUpperCase() ?? '—';
        rows.push({
          rid: meta.rid ?? fileRid,
          test: test.name,
          cases: meta.cases ?? 1,
          faults: meta.faults ?? 1,
          failures: state === 'failed' ? 1 : 0,
        });
      }
    }
    if (rows.length === 0) return;
    rows.sort((a, b) => Number(a.rid.slice(1)) - Number(b.rid.slice(1)) || a.test.localeCompare(b.test));
    const width = Math.min(90, Math.max(...rows.map((r) => r.test.length)));
    const line = (r: { rid: string; test: string; cases: string; faults: string; failures: string }) =>
      `${r.rid.padEnd(4)} ${r.test.slice(0, width).padEnd(width)} ${r.cases.padStart(7)} ${r.faults.padStart(7)} ${r.failures.padStart(8)}`;
    const out = [
      '',
      'Reliability and security suite',
      line({ rid: 'id', test: 'test', cases: 'cases', faults: 'faults', failures: 'failures' }),
      '-'.repeat(width + 30),
      ...rows.map((r) =>
        line({ ...r, cases: String(r.cases), faults: String(r.faults), failures: String(r.failures) }),
      ),
      '-'.repeat(width + 30),
      line({
        rid: '',
        test: `${rows.length} tests`,
        cases: String(rows.reduce((n, r) => n + r.cases, 0)),
        faults: String(rows.reduce((n, r) => n + r.faults, 0)),
        failures: String(rows.reduce((n, r) => n + r.failures, 0)),
      }),
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
