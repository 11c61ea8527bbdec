// Where a model's status comes from, in one place. A seed: a config pin wins; otherwise an existing model keeps the
// status it has, whoever set it; a new model gets the configured default. A person (CLI, dashboard, import, manual
// create): their status, unless a config pin decides it the other way; the status a pin requires is the pin's.
import type { ModelStatus, StatusSource } from '../../../db/schema';
import type { ModelDefaults } from '../types';
import { describePin, type Pin } from './pins';

export type StatusDecision = {
  status: ModelStatus;
  source: StatusSource;
  /** Who set it, as recorded in status_set_by and in the audit event's actor. */
  setBy: string;
  /** One line for operators: why the model has this status. */
  reason: string;
};

export type ExistingStatus = { status: ModelStatus; statusSource: StatusSource; statusSetBy: string };

export function resolveStatus(input: {
  pin: Pin | undefined;
  existing: ExistingStatus | undefined;
  newModel: NewModelStatus;
}): StatusDecision {
  const { pin, existing, newModel } = input;
  if (pin) {
    return { status: pin.status, source: 'config', setBy: 'config', reason: describePin(pin) };
  }
  if (existing) {
    return {
      status: existing.status,
      source: existing.statusSource,
      setBy: existing.statusSetBy,
      reason: `kept: an existing model keeps its status (set by ${existing.statusSetBy})`,
    };
  }
  return {
    status: newModel.status,
    source: 'default',
    setBy: 'seed',
    reason: `new model: ${newModel.setting} is ${newModel.status}`,
  };
}

/**
 * The status a person's request gives a model: with no pin, theirs (source `admin`); the status its pin requires,
 * the pin's (source `config`, so a later seed has nothing to change); against a pin, a refusal.
 */
export function decideStatus(
  pin: Pin | undefined,
  status: ModelStatus,
  actor: string,
): { status: ModelStatus; source: StatusSource; setBy: string } | { refusal: string } {
  if (pin && pin.status !== status) return { refusal: describePin(pin) };
  return { status, source: pin ? 'config' : 'admin', setBy: actor };
}

/** The status a provider's new models get, and the setting that says so (for the reason people read). */
export type NewModelStatus = { status: ModelStatus; setting: string };

/** A provider's own `providers.<id>.defaultNewModelStatus`, else the global `defaultNewModelStatus`. */
export function newModelStatus(config: ModelDefaults, provider: string): NewModelStatus {
  const own = config.providers?.[provider]?.defaultNewModelStatus;
  return own
    ? { status: own, setting: `providers.${provider}.defaultNewModelStatus` }
    : { status: config.defaultNewModelStatus, setting: 'defaultNewModelStatus' };
}
