// "2 h ago", with the exact UTC instant on hover and in `dateTime`. `now` comes from the server render.
import { timeAgo, utcTimestamp } from '@/lib/time-ago';

export function RelativeTime({ at, now }: { at: Date; now: Date }) {
  return (
    <time dateTime={at.toISOString()} title={utcTimestamp(at)} className="whitespace-nowrap">
      {timeAgo(at, now)}
    </time>
  );
}
