// The secret that creating or rotating a key ends with, shown once.
import { OneTimeSecret } from '../ui/dialog-frame';

export function OneTimeKey({ name, secret }: { name: string; secret: string }) {
  return (
    <OneTimeSecret
      id="one-time-key"
      label={
        <>
          API key “<span className="break-all">{name}</span>”
        </>
      }
      value={secret}
      advice='Send it as "Authorization: Bearer <key>". It cannot be shown again; if it is lost, rotate the key.'
    />
  );
}
