// npm run access:explain — may a team (or a key) use a model, and which group and rule decide (0 allowed, 1 denied,
// 2 error, 64 usage).
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { loadAccessDeclarations } from '../lib/registry/access/declared';
import { explainAccess, explainKeyAccess } from '../lib/registry/access/explain';
import { findKey } from '../lib/registry/access/keys';
import { accessView } from '../lib/registry/access/members';
import { RegistryError } from '../lib/registry/errors';
import { isModelId, MODEL_ID_RULE } from '../lib/registry/model/fields';

await runCommand(
  {
    name: 'access:explain',
    usage: `
Usage: npm run access:explain -- (--team SLUG | --key PREFIX) --model ID [--json]

Says whether the team (or the key) may use the model (its API id, as GET /api/v1/models names it), and why: the
first of the team's groups that holds it and the part of the group's rule that took it, or, for each group, what
refused it. A key is judged as its team, narrowed to its groups when it names some; a platform key sees every
offered model; a revoked or expired key sees nothing. Only offered models (active, not retired) can be used by
anyone. Groups and teams are those saved on the Access page and those ACCESS_PATH declares, with the built-in
group "all" (every offered model). Read-only.

Exit codes: 0 allowed, 1 denied, 2 error (unknown team or key, a bad ACCESS_PATH, the database), 64 bad usage.`,
    options: {
      team: { type: 'string' },
      key: { type: 'string' },
      model: { type: 'string' },
      json: { type: 'boolean' },
    },
    problemExitCode: EXIT.database,
  },
  async ({ values }, ctx) => {
    const team = values.team as string | undefined;
    const key = values.key as string | undefined;
    const model = values.model as string | undefined;
    if (team === undefined && key === undefined)
      throw new RegistryError('usage', 'Name the team (--team SLUG) or the key (--key PREFIX). See --help.');
    if (team !== undefined && key !== undefined)
      throw new RegistryError('usage', 'Name a team or a key, not both. See --help.');
    if (!model) throw new RegistryError('usage', 'Name the model: --model ID. See --help.');
    if (!isModelId(model))
      throw new RegistryError('usage', `${JSON.stringify(model)} is not a model id. ${MODEL_ID_RULE}`);
    const declared = loadAccessDeclarations();
    return withDatabase({ mustExist: true }, async (handle) => {
      const view = await accessView(handle.db, declared);
      const explanation =
        key === undefined
          ? explainAccess(view, team as string, model)
          : explainKeyAccess(view, await findKey(handle.db, key), model);
      const lines = explanation.groups.map((g) => `  ${g.member ? '✓' : '✗'} ${g.group}: ${g.says}`);
      ctx.print([explanation.summary, ...lines].join('\n'), explanation);
      return explanation.allowed ? EXIT.ok : EXIT.problem;
    });
  },
);
