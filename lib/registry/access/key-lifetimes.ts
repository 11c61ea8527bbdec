// How long a key made in the dashboard lasts: the choices its form offers, first the default. Pure, so the form (a
// client component) and the server action's schema (keys.ts) read the one list; a command takes any duration.
export const KEY_LIFETIMES = [
  { value: '90d', label: '90 days' },
  { value: '30d', label: '30 days' },
  { value: '365d', label: '1 year' },
  { value: 'never', label: 'Never expires' },
] as const;

export type KeyLifetime = (typeof KEY_LIFETIMES)[number]['value'];
