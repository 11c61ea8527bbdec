// Prints a seed report for people: the counts, the aliases that moved (always: their users silently get another
// model), then (for dry runs) every planned change with its reason.
// Ids, names and values come from the provider: each is escaped as one value, so none can start a line of its own.

import { escapeUntrusted } from '../registry/model/text';
import type { SeedReport } from '../registry/sync/run';

const shown = (text: string) => escapeUntrusted(text);

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (Array.isArray(value)) return `[${value.map((v) => escapeUntrusted(String(v))).join(', ')}]`;
  return escapeUntrusted(typeof value === 'string' ? JSON.stringify(value) : String(value));
}

export function formatSeedReport(report: SeedReport, options: { detailed: boolean }): string {
  const c = report.counts;
  const moves = report.plan?.aliasMoves ?? [];
  const aliases = `${moves.length} ${moves.length === 1 ? 'alias' : 'aliases'}`;
  const moved = moves.length > 0 ? `, ${aliases} moved` : '';
  const queued = report.plan?.adds.filter((a) => a.awaitingReview).length ?? 0;
  const review =
    queued > 0
      ? ` (${queued} ${report.dryRun ? 'would await' : queued === 1 ? 'awaits' : 'await'} review)`
      : '';
  const head =
    report.outcome === 'skipped' && report.existingModels !== null
      ? `Skipped: ${report.detail}.`
      : `${report.dryRun ? 'Dry run (nothing written)' : 'Seed applied'} from ${report.source}: ` +
        `${c.added} added${review}, ${c.updated} updated, ${c.statusChanged} status changed, ${c.retired} retired, ` +
        `${c.restored} restored, ${c.unchanged} unchanged${moved}.`;
  const lines = [head, `Run ${report.runId} is logged in seed_runs.`];
  if (moves.length > 0) {
    lines.push(
      '',
      `${report.dryRun ? 'Would move' : 'Moved'} ${aliases} to another dated model (clients sending ${moves.length === 1 ? 'it' : 'them'} get a different model):`,
    );
    for (const m of moves) lines.push(`  ⇄ ${shown(m.alias)}: ${shown(m.from)} → ${shown(m.to)}`);
  }
  const plan = report.plan;
  if (options.detailed && plan) {
    if (plan.adds.length) {
      lines.push('', `Add ${plan.adds.length}:`);
      for (const add of plan.adds) {
        lines.push(
          `  + ${shown(add.modelId)}  "${shown(add.values.displayName)}"  ${add.status.status} — ${shown(add.status.reason)}${add.awaitingReview ? ' (awaits review)' : ''}`,
        );
      }
    }
    const changed = plan.updates.filter((u) => u.fieldChanges.length || u.status || u.restore || u.adopt);
    if (changed.length) {
      lines.push('', `Change ${changed.length}:`);
      for (const u of changed) {
        lines.push(`  ~ ${shown(u.modelId)}`);
        if (u.restore) lines.push('      restored: the provider lists it again');
        if (u.adopt) lines.push('      manual model now listed by the provider: becomes a provider model');
        if (u.status) {
          lines.push(
            `      status: ${u.status.before.status} → ${u.status.after.status} — ${shown(u.status.after.reason)}`,
          );
        }
        for (const f of u.fieldChanges) {
          const note = f.scope === 'provider' ? ' (provider value only: an admin overrode this field)' : '';
          lines.push(`      ${f.field}: ${show(f.before)} → ${show(f.after)}${note}`);
        }
      }
    }
    if (plan.retirements.length) {
      lines.push('', `Retire ${plan.retirements.length} (no longer listed; kept, never deleted):`);
      for (const r of plan.retirements) lines.push(`  - ${shown(r.modelId)}`);
    }
  }
  return lines.join('\n');
}
