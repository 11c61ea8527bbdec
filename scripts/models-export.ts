// npm run models:export — the registry's hand-made state as JSON (0 done, 1 cannot write the file, 2 database,
// 64 usage).
import { renameSync, writeFileSync } from 'node:fs';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { RegistryError } from '../lib/registry/errors';
import { escapeUntrusted } from '../lib/registry/text';
import { exportRegistry } from '../lib/registry/transfer';

await runCommand(
  {
    name: 'models:export',
    usage: `
Usage: npm run models:export -- [--out FILE]

Writes every model's status (and where it came from), the fields an admin overrode, prices and the default flag,
and manual models whole, as JSON (format "model-registry-export", version 1). Without --out it goes to standard
output. Read it back with models:import.

Exit codes: 0 done, 1 the file could not be written, 2 database problem, 64 bad usage.`,
    options: { out: { type: 'string' } },
  },
  async ({ values }, ctx) => {
    const out = values.out as string | undefined;
    if (out !== undefined && out.trim() === '') throw new RegistryError('usage', '--out needs a file name.');
    const file = await withDatabase({ mustExist: true }, (handle) => exportRegistry(handle.db));
    const text = `${JSON.stringify(file, null, 2)}\n`;
    if (!out) {
      // JSON-equivalent escapes for controls and bidi characters: the terminal shows them, never obeys them.
      process.stdout.write(escapeUntrusted(text, { keepLines: true }));
      return EXIT.ok;
    }
    try {
      // Written whole or not at all: a half-written export must never be imported.
      writeFileSync(`${out}.partial`, text);
      renameSync(`${out}.partial`, out);
    } catch (error) {
      throw new RegistryError('input', `cannot write ${out}: ${(error as Error).message}`, { cause: error });
    }
    ctx.print(`Exported ${file.models.length} models to ${out}.`, { out, models: file.models.length });
    return EXIT.ok;
  },
);
