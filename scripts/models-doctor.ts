// npm run models:doctor — is the registry healthy? (0 healthy, 1 problems found).

import { openDatabase } from '../db/client';
import { EXIT, runCommand } from '../lib/cli/command';
import { diagnose } from '../lib/registry/doctor';

await runCommand(
  {
    name: 'models:doctor',
    usage: `
Usage: npm run models:doctor -- [--json]

Runs the seed troubleshooting list: configuration valid, database reachable and migrated, models present,
config pins that match nothing or conflict, pinned-active models past their deprecation date, the last
seed runs, and whether a deploy ever re-seeded a registry that had been seeded before.

Exit codes: 0 healthy, 1 problems found, 64 bad usage.`,
    options: { json: { type: 'boolean' } },
    unexpectedExitCode: EXIT.problem,
  },
  async (_args, ctx) => {
    const report = await diagnose({
      env: process.env,
      openDatabase: () => openDatabase({ mustExist: true, connectTimeoutSeconds: 5 }),
    });
    const mark = { ok: '✔', problem: '✘', info: '·' } as const;
    const lines = report.findings.map((f) => `${mark[f.status]} ${f.check}: ${f.detail}`);
    if (report.recentRuns.length) {
      lines.push('', 'Recent seed runs:');
      for (const run of report.recentRuns) {
        lines.push(
          `  ${run.startedAt.toISOString()}  ${run.trigger.padEnd(6)} ${run.outcome.padEnd(7)} ${run.source}  ${run.detail ?? ''}${run.error ? `  error: ${run.error}` : ''}`,
        );
      }
    }
    lines.push('', report.healthy ? 'Healthy.' : 'Problems found.');
    ctx.print(lines.join('\n'), report);
    return report.healthy ? EXIT.ok : EXIT.problem;
  },
);
