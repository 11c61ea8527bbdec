// Access: who may use which model. Groups with their rules in words, live member counts and a preview of their
// members; teams with the groups they are granted; API keys. Admins create, edit and delete groups and teams saved
// here, and create, rotate and revoke keys; viewers read. Groups and teams declared in ACCESS_PATH are read-only
// ("from config"). The rules are lib/registry/access/.
import type { Metadata } from 'next';
import { CreateKeyDialog } from '@/components/access/create-key-dialog';
import { DeleteAccessDialog } from '@/components/access/delete-dialog';
import { GroupDialog } from '@/components/access/group-dialog';
import { KeyRowActions } from '@/components/access/key-row-actions';
import { TeamDialog } from '@/components/access/team-dialog';
import { RelativeTime } from '@/components/ui/relative-time';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import { knownProviders, loadAccessDeclarations } from '@/lib/registry/access/declared';
import type { KeyRecord } from '@/lib/registry/access/keys';
import { accessOverview, type GroupRow, type TeamRow } from '@/lib/registry/access/overview';
import { utcTimestamp } from '@/lib/time-ago';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Access' };

const th = 'px-3 py-2';
const badge = 'whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium';

function SourceBadge({ source }: { source: GroupRow['source'] }) {
  if (source === 'dashboard') return null;
  return (
    <span className={`${badge} bg-slate-100 text-slate-700`}>
      {source === 'built-in' ? 'built in' : 'from config'}
    </span>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function groupConsequence(group: GroupRow): string {
  return group.teams.length
    ? `It is taken out of ${group.teams.join(', ')}: their keys no longer see its models unless another of the team's groups holds them, and keys narrowed to this group see nothing of it.`
    : 'No team is granted it. This cannot be undone, but the Audit log keeps its rule.';
}

function teamConsequence(team: TeamRow): string {
  return team.activeKeys
    ? `Its ${plural(team.activeKeys, 'key is', 'keys are')} revoked with it and refused from the next request on.`
    : 'It has no active keys. This cannot be undone, but the Audit log keeps what it was granted.';
}

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
  const overview = await accessOverview(
    await getServerDb(),
    loadAccessDeclarations(),
    knownProviders(process.env),
  );
  const now = new Date();
  const teamName = new Map(overview.teams.map((t) => [t.slug, t.name]));
  const shadowed = [
    ...overview.shadowed.groups.map((slug) => ({ what: 'group' as const, slug })),
    ...overview.shadowed.teams.map((slug) => ({ what: 'team' as const, slug })),
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Access</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        Which models each team may use through the consumer API. A group is a rule over the offered models (
        {overview.offered} now), so a model a sync adds that the rule takes is in it at once. Groups and teams
        are {admin ? 'made here' : 'made by admins here'}, or declared in{' '}
        {overview.origin ? (
          <code className="font-mono">{overview.origin}</code>
        ) : (
          'the file ACCESS_PATH names'
        )}{' '}
        (read-only here); <code className="font-mono">npm run access:explain</code> says why a team may or may
        not use a model.
      </p>
      {shadowed.length > 0 && (
        <div role="note" className="max-w-3xl space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          <p>
            {overview.origin} also declares {shadowed.map((s) => `${s.what} ${s.slug}`).join(', ')}: the
            file's entry is the one in force, and the copy saved here is ignored. Deleting the copy changes
            nothing anyone sees.
          </p>
          {admin && (
            <div className="flex flex-wrap gap-2">
              {shadowed.map((s) => (
                <DeleteAccessDialog
                  key={`${s.what}:${s.slug}`}
                  what={s.what}
                  slug={s.slug}
                  consequence={`Only the copy saved here goes; the ${s.what} ${overview.origin} declares stays in force, with its keys and grants.`}
                />
              ))}
            </div>
          )}
        </div>
      )}

      <section aria-labelledby="groups-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="groups-heading" className="text-lg font-semibold">
            Groups
          </h2>
          {admin && <GroupDialog choices={overview.choices} />}
        </div>
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
                <SourceBadge source={group.source} />
              </div>
              {group.source !== 'built-in' && <p className="mt-1 text-sm text-slate-700">{group.rule}</p>}
              {group.description && <p className="mt-1 text-sm text-slate-600">{group.description}</p>}
              <p className="mt-2 text-sm">
                <span className="font-medium">{plural(group.members, 'model', 'models')}</span>
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
              <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
                <p className="text-xs text-slate-500">
                  {group.teams.length ? `Used by ${group.teams.join(', ')}` : 'No team is granted it'}
                </p>
                {admin && group.source === 'dashboard' && (
                  <div className="flex gap-2">
                    <GroupDialog group={group} choices={overview.choices} />
                    <DeleteAccessDialog
                      what="group"
                      slug={group.slug}
                      consequence={groupConsequence(group)}
                    />
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="teams-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="teams-heading" className="text-lg font-semibold">
            Teams
          </h2>
          {admin && <TeamDialog groups={overview.groups} />}
        </div>
        {overview.teams.length === 0 ? (
          <p className="text-sm text-slate-600">
            No team yet.{admin ? ' Make one and grant it groups; then create its keys.' : ''}
          </p>
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
                  <th scope="col" className={`${th} hidden text-right sm:table-cell`}>
                    Keys
                  </th>
                  {admin && (
                    <th scope="col" className={th}>
                      <span className="sr-only sm:not-sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {overview.teams.map((team) => (
                  <tr key={team.slug} data-team={team.slug} className="align-top">
                    <td className={th}>
                      <div className="font-medium">{team.name}</div>
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-mono text-xs text-slate-500">{team.slug}</span>
                        <SourceBadge source={team.source} />
                      </div>
                    </td>
                    <td className={`${th} break-words`}>
                      {team.groups.length ? (
                        team.groups.join(', ')
                      ) : (
                        <span className="text-amber-800">none: it sees nothing</span>
                      )}
                    </td>
                    <td className={`${th} text-right tabular-nums`}>{team.models}</td>
                    <td className={`${th} hidden text-right tabular-nums sm:table-cell`}>
                      {team.activeKeys}
                    </td>
                    {admin && (
                      <td className={th}>
                        {team.source === 'dashboard' && (
                          <div className="flex flex-wrap gap-2">
                            <TeamDialog team={team} groups={overview.groups} />
                            <DeleteAccessDialog
                              what="team"
                              slug={team.slug}
                              consequence={teamConsequence(team)}
                            />
                          </div>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="keys-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="keys-heading" className="text-lg font-semibold">
            API keys
          </h2>
          {admin && <CreateKeyDialog teams={overview.teams.map((t) => ({ slug: t.slug, name: t.name }))} />}
        </div>
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
                  const team = teamName.get(key.team ?? '');
                  const sees =
                    key.kind === 'platform'
                      ? 'every offered model (platform)'
                      : team === undefined
                        ? `team ${key.team}, which no longer exists: nothing`
                        : `team ${team}${key.groups.length ? ` (${key.groups.join(', ')})` : ''}`;
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
