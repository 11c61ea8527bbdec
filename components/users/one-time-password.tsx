// The password that adding an account or resetting one ends with, shown once.
import { OneTimeSecret } from '../ui/dialog-frame';

export function OneTimePassword({ email, password }: { email: string; password: string }) {
  return (
    <OneTimeSecret
      id="one-time-password"
      label={
        <>
          One-time password for <span className="break-all">{email}</span>
        </>
      }
      value={password}
      advice="Give it to the person over a channel you trust. It cannot be shown again; if it is lost, use Reset password to make a new one."
    />
  );
}
