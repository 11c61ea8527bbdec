// Access: who may use which model. Groups with their rules in words, live member counts and a preview of their
// members; teams with the groups they are granted; API keys (admins create, rotate and revoke them; viewers read).
// Groups and teams are declared in ACCESS_PATH and read-only here. The rules are lib/registry/access/.
import type { Metadata } from 'next';
import { CreateKeyDialog } from '@/components/access/create-key-dialog';
import { KeyRowActions } from '@/components/access/key-row-actions';
import { RelativeTime } from '@/components/ui/relative-time';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import { loadAccessDeclarations } from '@/lib/registry/access/declared';
import type { KeyRecord } from '@/lib/registry/access/keys';
import { accessOverview } from '@/lib/registry/access/overview';
import { utcTimestamp } from '@/lib/time-ago';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Access' };

const th = 'px-3 py-2';
const badge = 'rounded px-1.5 py-0.5 text-xs font-medium';

function KeyState({ state }: { state: KeyRecord['state'] }) {
  const look = {
    active: 'bg-emerald-100 text-emerald-900',
    revoked: 'bg-red-100 text-red-900',
    expired: 'bg-slate-200 text-slate-700',
  };
  return <span className={`${badge} ${look[state]}`}>{state}</span>;
}

function When({ at, now, none }: { at: string | null; now: Date; none: string }) {
  return at ? <RelativeTime at={new Date(at)} now={now} /> : <span className="text-slate-500">{none}</span>;
}

/** An expiry is a day ahead (or behind): its date, the exact instant on hover. */
function Expiry({ at }: { at: string | null }) {
  if (!at) return <span className="text-slate-500">never</span>;
  return (
    <time dateTime={at} title={utcTimestamp(new Date(at))} className="whitespace-nowrap">
      {at.slice(0, 10)}
    </time>
  );
}

export default async function AccessPage() {
  const user = await requireUser();
  const admin = user.role === 'admin';
  const overview = await accessOverview(await getServerDb(), loadAccessDeclarations());
  const now = new Date();
  const teamName = new Map(overview.teams.map((t) => [t.slug, t.name]));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Access</h1>
        {admin && <CreateKeyDialog teams={overview.teams.map((t) => ({ slug: t.slug, name: t.name }))} />}
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        Which models each team may use through the consumer API. A group is a rule over the offered models (
        {overview.offered} now), so a model a sync adds that the rule takes is in it at once. Groups and teams
        are declared in{' '}
        {overview.origin ? (
          <code className="font-mono">{overview.origin}</code>
        ) : (
          'the file ACCESS_PATH names (unset: only the built-in group)'
        )}{' '}
        and read-only here; <code className="font-mono">npm run access:explain</code> says why a team may or
        may not use a model.
      </p>

      <section aria-labelledby="groups-heading" className="space-y-2">
        <h2 id="groups-heading" className="text-lg font-semibold">
          Groups
        </h2>
        <ul className="grid gap-3 md:grid-cols-2">
          {overview.groups.map((group) => (
            <li
              key={group.slug}
              data-group={group.slug}
              className="rounded-lg border border-slate-200 bg-white p-4"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="font-medium">
                  {group.name} <span className="font-mono text-xs text-slate-500">{group.slug}</span>
                </h3>
                <span className={`${badge} bg-slate-100 text-slate-700`}>
                  {group.source === 'built-in' ? 'built in' : 'from config'}
                </span>
              </div>
              {group.source !== 'built-in' && <p className="mt-1 text-sm text-slate-700">{group.rule}</p>}
              {group.description && <p className="mt-1 text-sm text-slate-600">{group.description}</p>}
              <p className="mt-2 text-sm">
                <span className="font-medium">
                  {group.members} {group.members === 1 ? 'model' : 'models'}
                </span>
                {group.members === 0 && (
                  <span className="text-amber-800"> — the rule matches no offered model</span>
                )}
                {group.preview.length > 0 && (
                  <span className="break-words text-slate-600">
                    : {group.preview.join(', ')}
                    {group.members > group.preview.length &&
                      ` and ${group.members - group.preview.length} more`}
                  </span>
                )}
              </p>
              <p className="mt-1 text-xs text-slate-500">
                {group.teams.length ? `Used by ${group.teams.join(', ')}` : 'No team is granted it'}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="teams-heading" className="space-y-2">
        <h2 id="teams-heading" className="text-lg font-semibold">
          Teams
        </h2>
        {overview.teams.length === 0 ? (
          <p className="text-sm text-slate-600">No team is declared.</p>
        ) : (
          <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className={th}>
                    Team
                  </th>
                  <th scope="col" className={th}>
                    Groups
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Models
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {overview.teams.map((team) => (
                  <tr key={team.slug} data-team={team.slug}>
                    <td className={th}>
                      <div className="font-medium">{team.name}</div>
                      <div className="font-mono text-xs text-slate-500">{team.slug}</div>
                    </td>
                    <td className={`${th} break-words`}>{team.groups.join(', ')}</td>
                    <td className={`${th} text-right tabular-nums`}>{team.models}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="keys-heading" className="space-y-2">
        <h2 id="keys-heading" className="text-lg font-semibold">
          API keys
        </h2>
        {overview.keys.length === 0 ? (
          <p className="text-sm text-slate-600">
            No keys yet.{admin ? ' Create one for each service that reads the model list.' : ''}
          </p>
        ) : (
          <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className={th}>
                    Key
                  </th>
                  <th scope="col" className={`${th} hidden sm:table-cell`}>
                    Sees
                  </th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>
                    Created
                  </th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>
                    Last used
                  </th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>
                    Expires
                  </th>
                  {admin && (
                    <th scope="col" className={th}>
                      <span className="sr-only sm:not-sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {overview.keys.map((key) => {
                  const sees =
                    key.kind === 'platform'
                      ? 'every offered model (platform)'
                      : `team ${teamName.get(key.team ?? '') ?? key.team}${key.groups.length ? ` (${key.groups.join(', ')})` : ''}`;
                  return (
                    <tr key={key.prefix} data-key={key.prefix} className="align-top">
                      <td className={th}>
                        <div className="font-medium break-words">{key.name}</div>
                        <div className="mt-0.5 flex flex-wrap items-center gap-2">
                          <code className="font-mono text-xs text-slate-600">{key.prefix}</code>
                          <KeyState state={key.state} />
                        </div>
                        <div className="mt-1 text-xs text-slate-500 sm:hidden">{sees}</div>
                        <div className="mt-1 text-xs text-slate-500 md:hidden">
                          last used <When at={key.lastUsedAt} now={now} none="never" /> · expires{' '}
                          <Expiry at={key.expiresAt} />
                        </div>
                      </td>
                      <td className={`${th} hidden sm:table-cell`}>{sees}</td>
                      <td className={`${th} hidden md:table-cell`}>
                        <When at={key.createdAt} now={now} none="—" />
                        <div className="text-xs text-slate-500 break-all">{key.createdBy}</div>
                      </td>
                      <td className={`${th} hidden md:table-cell`}>
                        <When at={key.lastUsedAt} now={now} none="never" />
                      </td>
                      <td className={`${th} hidden md:table-cell`}>
                        <Expiry at={key.expiresAt} />
                      </td>
                      {admin && (
                        <td className={th}>
                          <KeyRowActions
                            row={{ prefix: key.prefix, name: key.name }}
                            active={key.state === 'active'}
                          />
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
