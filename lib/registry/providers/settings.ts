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

/** The shared HTTP settings of a bearer-key provider. */
export function bearerHttp(
  name: string,
  envPrefix: string,
  options: Omit<ProviderClientOptions, 'apiKey'> & { apiKey?: string },
): ProviderHttp {
  return {
    name,
    envPrefix,
    headers: options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {},
    secrets: options.apiKey ? [options.apiKey] : [],
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
  };
}

/** How a provider is reached, as read from its variables; bad settings are refused naming the variable. */
export type ProviderSettings = { apiKey: string; baseUrl: string; timeoutMs: number | undefined };

export function providerSettingsFromEnv(
  env: Env,
  provider: {
    name: string;
    envPrefix: string;
    defaultUrl: string;
    /** What to do about a missing key, where there is more to it than setting the variable. */
    withoutKey?: string;
  },
): ProviderSettings {
  const { envPrefix } = provider;
  const apiKey = env[`${envPrefix}_API_KEY`]?.trim();
  if (!apiKey) {
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
