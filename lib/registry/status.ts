// The status precedence every seed applies, in one place: a config pin wins; otherwise an existing model keeps
// the status it has, whoever set it; a new model gets the configured default.
import type { ModelStatus, StatusSource } from '../../db/schema';
import { describePin, type Pin } from './groups';

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
  defaultNewModelStatus: ModelStatus;
}): StatusDecision {
  const { pin, existing, defaultNewModelStatus } = input;
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
    status: defaultNewModelStatus,
    source: 'default',
    setBy: 'seed',
    reason: `new model: defaultNewModelStatus is ${defaultNewModelStatus}`,
  };
}
