// npm run models:export — the registry's hand-made state as JSON (0 done, 1 cannot write the file, 2 database,
// 64 usage).
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { writeFileWhole, writeStdout } from '../lib/cli/output-file';
import { RegistryError } from '../lib/registry/errors';
import { escapeUntrusted } from '../lib/registry/model/text';
import { writeExport } from '../lib/registry/transfer/export-import';

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
    if (!out) {
      // JSON-equivalent escapes for controls and bidi characters: the terminal shows them, never obeys them.
      await withDatabase({ mustExist: true }, (handle) =>
        writeExport(handle.db, (text) => writeStdout(escapeUntrusted(text, { keepLines: true }))),
      );
      return EXIT.ok;
    }
    // Written whole or not at all: a half-written export must never be imported.
    const count = await withDatabase({ mustExist: true }, (handle) =>
      writeFileWhole(out, (write) => writeExport(handle.db, write)),
    );
    ctx.print(`Exported ${count} models to ${out}.`, { out, models: count });
    return EXIT.ok;
  },
);
