// The global audit log, for everyone signed in: every model event across the registry (newest first, paged by id,
// filtered in the URL), on its second tab the account events, on its third the access events (API keys). Viewers see account events too: they hold who
// changed which colleague's access and when, never a password, and colleagues' emails are not secret here.
import type { Metadata } from 'next';
import { AuditFilters } from '@/components/audit/audit-filters';
import { type EventItem, EventList } from '@/components/audit/event-list';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import {
  ACCESS_ACTION_LABELS,
  ACCOUNT_ACTION_LABELS,
  ACTION_LABELS,
  describeEventChanges,
} from '@/lib/registry/audit/labels';
import {
  type AuditFilter,
  type AuditPage,
  LOG_ACTIONS,
  listAccessEvents,
  listAccountEvents,
  listModelEvents,
  parseAuditFilter,
} from '@/lib/registry/audit/log';
import { listProviderIds } from '@/lib/registry/reads/models-page';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log' };

/** This page's URL with the filter and one cursor (or none: the newest page). */
function href(filter: AuditFilter, cursor: { before?: number; after?: number } = {}) {
  const { before: _b, after: _a, ...rest } = filter;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...rest, ...cursor }))
    if (value !== undefined) params.set(key, String(value));
  return `/admin/audit?${params}`;
}

function Paging({ filter, page }: { filter: AuditFilter; page: AuditPage<{ id: number }> }) {
  if (page.newer === null && page.older === null) return null;
  const link = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50';
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-2 text-sm">
      {page.newer !== null && (
        <>
          <a href={href(filter)} className={link}>
            Newest
          </a>
          <a href={href(filter, { after: page.newer })} className={link}>
            ← Newer
          </a>
        </>
      )}
      {page.older !== null && (
        <a href={href(filter, { before: page.older })} className={`${link} ml-auto`}>
          Older →
        </a>
      )}
    </nav>
  );
}

function Tabs({ log }: { log: AuditFilter['log'] }) {
  const tab = (value: AuditFilter['log'], label: string) => (
    <a
      href={`/admin/audit?log=${value}`}
      aria-current={log === value ? 'page' : undefined}
      className={`border-b-2 px-3 py-2 text-sm font-medium ${log === value ? 'border-slate-900 text-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
    >
      {label}
    </a>
  );
  return (
    <nav aria-label="Logs" className="flex gap-1 border-b border-slate-200">
      {tab('models', 'Models')}
      {tab('accounts', 'Accounts')}
      {tab('access', 'Access')}
    </nav>
  );
}

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  const filter = parseAuditFilter(await searchParams);
  const db = await getServerDb();
  const now = new Date();
  let page: AuditPage<{ id: number }>;
  let items: EventItem[];
  let providers: string[] | null = null;
  if (filter.log === 'models') {
    const [events, providerIds] = await Promise.all([listModelEvents(db, filter), listProviderIds(db)]);
    page = events;
    providers = providerIds;
    items = events.rows.map((e) => {
      const name = `${e.provider}/${e.modelId}`;
      return {
        id: e.id,
        label: ACTION_LABELS[e.action] ?? e.action,
        subject:
          e.currentModelPk === null ? (
            <span className="font-mono text-xs">{name}</span>
          ) : (
            <a href={`/admin/models/${e.currentModelPk}/history`} className="font-mono text-xs underline">
              {name}
            </a>
          ),
        actor: e.actor,
        at: e.createdAt,
        changes: describeEventChanges(e.action, e.before, e.after),
      };
    });
  } else if (filter.log === 'accounts') {
    const events = await listAccountEvents(db, filter);
    page = events;
    items = events.rows.map((e) => ({
      id: e.id,
      label: ACCOUNT_ACTION_LABELS[e.action] ?? e.action,
      subject: <span className="font-medium">{e.email}</span>,
      actor: e.actor,
      at: e.createdAt,
      // A reset keeps the role: saying "Role: viewer → viewer" would read as a change.
      changes: describeEventChanges(
        e.action,
        e.action === 'password_reset' ? null : e.before,
        e.action === 'password_reset' ? null : e.after,
      ),
    }));
  } else {
    const events = await listAccessEvents(db, filter);
    page = events;
    items = events.rows.map((e) => ({
      id: e.id,
      label: ACCESS_ACTION_LABELS[e.action] ?? e.action,
      subject: <span className="font-mono text-xs">{e.subject}</span>,
      actor: e.actor,
      at: e.createdAt,
      changes: describeEventChanges(e.action, e.before, e.after),
    }));
  }
  const labels: Record<AuditFilter['log'], Record<string, string>> = {
    models: ACTION_LABELS,
    accounts: ACCOUNT_ACTION_LABELS,
    access: ACCESS_ACTION_LABELS,
  };
  const actions = LOG_ACTIONS[filter.log].map((a) => ({ value: a, label: labels[filter.log][a] ?? a }));
  const filtered = Boolean(filter.actor || filter.action || filter.provider || filter.from || filter.to);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        {filter.log === 'models'
          ? 'Every change to every model, newest first: by admins in the dashboard, by syncs (seed), by config pins and by commands (cli). The log cannot be edited.'
          : filter.log === 'accounts'
            ? 'Every change to an account, newest first: added, role changed, password reset, removed; from the Users page (admin:…) and from admin:create (cli). Passwords are never recorded.'
            : 'Every change to access, newest first: API keys created, rotated, revoked; groups and teams created, changed, deleted; from the Access page (admin:…) and from the keys commands (cli). A secret or its hash is never recorded.'}
      </p>
      <Tabs log={filter.log} />
      <AuditFilters filter={filter} actions={actions} providers={providers} />
      {items.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
          {filtered ? 'No event matches these filters.' : 'Nothing has been recorded yet.'}
        </p>
      ) : (
        <EventList
          events={items}
          now={now}
          label={{ models: 'Model events', accounts: 'Account events', access: 'Access events' }[filter.log]}
        />
      )}
      <Paging filter={filter} page={page} />
    </div>
  );
}
