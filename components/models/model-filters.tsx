'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState, useTransition } from 'react';
import { loadAccessChoicesAction } from '@/app/admin/models/actions';
import type { ModelFilter } from '@/lib/registry/reads/models-page';
import { MODEL_TYPES, modelTypeLabel } from '@/lib/registry/types';
import { type FilterChanges, modelsHref } from './href';

const YES_NO_FILTERS = [
  ['deprecated', 'Deprecated', 'Not deprecated'],
  ['retired', 'Retired', 'Not retired'],
  ['edited', 'Admin-edited', 'Not admin-edited'],
] as const;

type Chip = { key: keyof ModelFilter; label: string };

type Named = { slug: string; name: string };
type AccessChoices = { teams: Named[]; groups: Named[] };
/** What the page sends of access: the key of its teams and groups (loaded by the menu) and the chosen one. */
type AccessMenu = { key: string; chosen: { value: string; name: string } | null };

// The teams and groups, once per key for this tab (every page of the list sends the same key until they change).
const choicesByKey = new Map<string, Promise<AccessChoices | null>>();

function loadChoices(key: string): Promise<AccessChoices | null> {
  let loading = choicesByKey.get(key);
  if (!loading) {
    loading = loadAccessChoicesAction(null, {}).then(
      (result) => (result.status === 'ok' ? result.data : null),
      () => null,
    );
    // A failed load is not remembered: the menu asks again when it is next used.
    loading.then((choices) => choices ?? choicesByKey.delete(key));
    choicesByKey.set(key, loading);
  }
  return loading;
}

/** Whether the lists hold a filter value ("team:<slug>", "group:<slug>", as their options write it). */
function listed(choices: AccessChoices | null, value: string): boolean {
  if (!choices) return false;
  return (
    choices.teams.some((team) => `team:${team.slug}` === value) ||
    choices.groups.some((group) => `group:${group.slug}` === value)
  );
}

function accessLabel(access: AccessMenu | null): string {
  const chosen = access?.chosen;
  if (!chosen) return '';
  return chosen.value.startsWith('team:') ? `Usable by team ${chosen.name}` : `In group ${chosen.name}`;
}

/** The active filters as people read them, one chip each. */
function chipsOf(
  filter: ModelFilter,
  providers: { id: string; name: string }[],
  access: AccessMenu | null,
): Chip[] {
  const chips: Chip[] = [];
  if (filter.q) chips.push({ key: 'q', label: `Search: “${filter.q}”` });
  if (filter.provider)
    chips.push({
      key: 'provider',
      label: `Provider: ${providers.find((p) => p.id === filter.provider)?.name ?? filter.provider}`,
    });
  if (filter.type) chips.push({ key: 'type', label: `Type: ${modelTypeLabel(filter.type)}` });
  if (filter.status) chips.push({ key: 'status', label: `Status: ${filter.status}` });
  if (filter.capability) chips.push({ key: 'capability', label: `Capability: ${filter.capability}` });
  for (const [key, yes, no] of YES_NO_FILTERS) {
    if (filter[key]) chips.push({ key, label: filter[key] === 'yes' ? yes : no });
  }
  if (filter.review) chips.push({ key: 'review', label: 'Awaiting review' });
  if (filter.access) chips.push({ key: 'access', label: accessLabel(access) || filter.access });
  return chips;
}

/**
 * The filters: each applies as it is chosen (search after a short pause), shown as removable chips; "/" focuses
 * the search. They live in the URL, so a filtered list is a link. Without JavaScript the form still submits.
 */
export function ModelFilters({
  filter,
  providers,
  capabilities,
  access,
}: {
  filter: ModelFilter;
  providers: { id: string; name: string }[];
  capabilities: string[];
  /** The "Usable by" menu's key and chosen entry; null when access is not in use. */
  access: AccessMenu | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [hydrated, setHydrated] = useState(false);
  const [more, setMore] = useState(false);
  const moreId = useId();
  const search = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setHydrated(true), []);
  // The menu's teams and groups are read once the page is up, not sent with every page of the list.
  const [choices, setChoices] = useState<AccessChoices | null>(null);
  // Set when a load failed: focusing the menu asks again.
  const [unloaded, setUnloaded] = useState(false);
  const accessKey = access?.key;
  // Every key's load answers with the registry's lists as they are now, so a late answer is never stale.
  const askChoices = useCallback(
    (key: string) =>
      loadChoices(key).then((loaded) => {
        setChoices(loaded);
        setUnloaded(loaded === null);
      }),
    [],
  );
  useEffect(() => {
    if (accessKey) askChoices(accessKey);
  }, [accessKey, askChoices]);

  // "/" focuses the search, as on GitHub, unless the key is typed into a field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      event.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  const go = (changes: FilterChanges, replace = false) =>
    startTransition(() => {
      const href = modelsHref(filter, changes);
      if (replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    });
  const choose = (key: keyof ModelFilter) => (event: React.ChangeEvent<HTMLSelectElement>) =>
    go({ [key]: event.target.value || undefined });

  // The provider in the URL stays chosen even when it has no models (yet): the menu says what the list shows.
  const providerOptions =
    filter.provider && !providers.some((p) => p.id === filter.provider)
      ? [...providers, { id: filter.provider, name: filter.provider }]
      : providers;
  const chips = chipsOf(filter, providers, access);
  const hidden = [
    filter.capability,
    filter.deprecated,
    filter.retired,
    filter.edited,
    filter.review,
    filter.access,
  ].filter(Boolean).length;

  return (
    <search aria-label="Filter models" className="block space-y-2">
      <form
        method="get"
        action="/admin/models"
        className="flex flex-wrap items-end gap-x-3 gap-y-2 rounded-lg border border-slate-200 bg-white px-3 py-2"
        onSubmit={(event) => {
          event.preventDefault();
          clearTimeout(timer.current);
          go({ q: search.current?.value.trim() || undefined });
        }}
      >
        <label className="flex grow basis-full flex-col text-xs font-medium text-slate-600 sm:basis-56 sm:grow-0">
          <span>
            Search{' '}
            <span aria-hidden="true">
              <kbd className="ml-1 rounded border border-slate-300 px-1 font-mono text-[10px]">/</kbd>
            </span>
          </span>
          <input
            ref={search}
            name="q"
            type="search"
            defaultValue={filter.q ?? ''}
            placeholder="id, name or alias"
            aria-keyshortcuts="/"
            onChange={(event) => {
              clearTimeout(timer.current);
              const value = event.target.value.trim();
              timer.current = setTimeout(() => go({ q: value || undefined }, true), 300);
            }}
            className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 sm:w-56"
          />
        </label>
        <label className="filter-field">
          Provider
          <select name="provider" value={filter.provider ?? ''} onChange={choose('provider')}>
            <option value="">Any</option>
            {providerOptions.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-field">
          Type
          <select name="type" value={filter.type ?? ''} onChange={choose('type')}>
            <option value="">Any</option>
            {MODEL_TYPES.map((t) => (
              <option key={t} value={t}>
                {modelTypeLabel(t)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-field">
          Status
          <select name="status" value={filter.status ?? ''} onChange={choose('status')}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </label>
        {/* On a narrow screen the less used filters fold away (still applied, and shown as chips). */}
        <button
          type="button"
          aria-expanded={more}
          aria-controls={moreId}
          onClick={() => setMore((open) => !open)}
          className={`rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-700 lg:hidden ${hydrated ? '' : 'hidden'}`}
        >
          {more ? 'Fewer filters' : `More filters${hidden > 0 ? ` (${hidden} set)` : ''}`}
        </button>
        <div id={moreId} className={more || !hydrated ? 'contents' : 'hidden lg:contents'}>
          <label className="filter-field">
            Capability
            <select name="capability" value={filter.capability ?? ''} onChange={choose('capability')}>
              <option value="">Any</option>
              {capabilities.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          {YES_NO_FILTERS.map(([name, label]) => (
            <label key={name} className="filter-field">
              {label}
              <select name={name} value={filter[name] ?? ''} onChange={choose(name)}>
                <option value="">Any</option>
                <option value="yes">Yes</option>
                <option value="no">No</option>
              </select>
            </label>
          ))}
          <label className="filter-field">
            Review
            <select name="review" value={filter.review ?? ''} onChange={choose('review')}>
              <option value="">Any</option>
              <option value="awaiting">Awaiting review</option>
            </select>
          </label>
          {access && (
            <label className="filter-field">
              Usable by
              <select
                name="access"
                value={filter.access ?? ''}
                onChange={choose('access')}
                onFocus={() => unloaded && accessKey && askChoices(accessKey)}
              >
                <option value="">Anyone</option>
                {unloaded && (
                  <option value="" disabled>
                    Teams and groups could not be loaded; open this menu again to retry
                  </option>
                )}
                {/* The chosen entry is there before the lists load (and without JavaScript), or when it is gone. */}
                {access.chosen && !listed(choices, access.chosen.value) && (
                  <option value={access.chosen.value}>{access.chosen.name}</option>
                )}
                {choices && choices.teams.length > 0 && (
                  <optgroup label="Teams">
                    {choices.teams.map((team) => (
                      <option key={team.slug} value={`team:${team.slug}`}>
                        {team.name}
                      </option>
                    ))}
                  </optgroup>
                )}
                {choices && (
                  <optgroup label="In group">
                    {choices.groups.map((group) => (
                      <option key={group.slug} value={`group:${group.slug}`}>
                        {group.name}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </label>
          )}
        </div>
        <input type="hidden" name="sort" value={filter.sort} />
        <input type="hidden" name="dir" value={filter.dir} />
        <input type="hidden" name="perPage" value={filter.perPage} />
        {filter.group && <input type="hidden" name="group" value={filter.group} />}
        {/* Filters apply as they are chosen; without JavaScript this button submits the form. */}
        {!hydrated && (
          <button
            type="submit"
            className="rounded-md bg-slate-900 px-3 py-1 text-sm font-medium text-white hover:bg-slate-800"
          >
            Apply filters
          </button>
        )}
        <span aria-live="polite" className="pb-1 text-xs text-slate-500">
          {pending ? 'Updating…' : ''}
        </span>
      </form>
      {chips.length > 0 && (
        <ul aria-label="Active filters" className="flex flex-wrap items-center gap-2 text-sm">
          {chips.map((chip) => (
            <li key={chip.key}>
              <a
                href={modelsHref(filter, { [chip.key]: undefined })}
                onClick={(event) => {
                  event.preventDefault();
                  if (chip.key === 'q' && search.current) search.current.value = '';
                  go({ [chip.key]: undefined });
                }}
                aria-label={`Remove filter ${chip.label}`}
                className="inline-flex items-center gap-1 rounded-full border border-slate-300 bg-white py-0.5 pl-3 pr-2 text-slate-800 hover:bg-slate-100"
              >
                {chip.label}
                <span aria-hidden="true" className="text-slate-500">
                  ✕
                </span>
              </a>
            </li>
          ))}
          <li>
            <a
              href={modelsHref(filter, {
                q: undefined,
                provider: undefined,
                type: undefined,
                status: undefined,
                capability: undefined,
                deprecated: undefined,
                retired: undefined,
                edited: undefined,
                review: undefined,
                access: undefined,
              })}
              onClick={() => {
                if (search.current) search.current.value = '';
              }}
              className="text-slate-600 underline"
            >
              Clear all
            </a>
          </li>
        </ul>
      )}
    </search>
  );
}
