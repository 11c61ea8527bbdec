// How a provider's client is set up, the same way for every provider: its tuning options, its bearer-key HTTP
// settings, and its <PREFIX>_API_KEY, <PREFIX>_API_URL and <PREFIX>_TIMEOUT_MS variables, refused by name when bad.
import { redactUrl } from '../../../db/redact';
import { RegistryError } from '../errors';
import type { Env } from '../types';
import type { ProviderHttp } from './http';

/** How a client built on one provider's HTTP settings is tuned (tests shorten the waits). */
export type ProviderClientOptions = {
  apiKey: string;
  baseUrl?: string;
  /** One attempt, body included. */
  timeoutMs?: number;
  /** Retries after the first attempt, on 429, 5xx and dropped connections. */
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** A Retry-After longer than this fails at once rather than stall a deploy. */
  maxRetryDelayMs?: number;
};

/** A provider's HTTP settings: its auth headers, its key kept out of every message, the shared tuning defaults. */
export function providerHttp(
  name: string,
  envPrefix: string,
  options: Omit<ProviderClientOptions, 'apiKey'> & { apiKey?: string | null },
  authHeaders: (apiKey: string) => Record<string, string>,
): ProviderHttp {
  return {
    name,
    envPrefix,
    headers: options.apiKey ? authHeaders(options.apiKey) : {},
    secrets: options.apiKey ? [options.apiKey] : [],
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
  };
}

/** The shared HTTP settings of a bearer-key provider. */
export function bearerHttp(
  name: string,
  envPrefix: string,
  options: Omit<ProviderClientOptions, 'apiKey'> & { apiKey?: string | null },
): ProviderHttp {
  return providerHttp(name, envPrefix, options, (apiKey) => ({ Authorization: `Bearer ${apiKey}` }));
}

/** How a provider is reached, as read from its variables; bad settings are refused naming the variable. */
export type ProviderSettings<Key = string> = { apiKey: Key; baseUrl: string; timeoutMs: number | undefined };

type SettingsOf = {
  name: string;
  envPrefix: string;
  defaultUrl: string;
  /** What to do about a missing key, where there is more to it than setting the variable. */
  withoutKey?: string;
};

export function providerSettingsFromEnv(env: Env, provider: SettingsOf): ProviderSettings;
/** A provider whose list needs no key (OpenRouter): the key is sent when set. */
export function providerSettingsFromEnv(
  env: Env,
  provider: SettingsOf & { keyOptional: true },
): ProviderSettings<string | null>;
export function providerSettingsFromEnv(
  env: Env,
  provider: SettingsOf & { keyOptional?: boolean },
): ProviderSettings<string | null> {
  const { envPrefix } = provider;
  const apiKey = env[`${envPrefix}_API_KEY`]?.trim() || null;
  if (!apiKey && !provider.keyOptional) {
    throw new RegistryError(
      'config',
      `${envPrefix}_API_KEY is not set: ${provider.withoutKey ?? `set it to read ${provider.name}'s models.`}`,
    );
  }
  const baseUrl = env[`${envPrefix}_API_URL`]?.trim() || provider.defaultUrl;
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) {
    throw new RegistryError(
      'config',
      `${envPrefix}_API_URL must be an http(s) URL, got "${redactUrl(baseUrl)}".`,
    );
  }
  const rawTimeout = env[`${envPrefix}_TIMEOUT_MS`]?.trim();
  let timeoutMs: number | undefined;
  if (rawTimeout) {
    timeoutMs = Number(rawTimeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
      throw new RegistryError(
        'config',
        `${envPrefix}_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000, got "${rawTimeout}".`,
      );
    }
  }
  return { apiKey, baseUrl: baseUrl.replace(/\/+$/, ''), timeoutMs };
}
