// A model's price pair as people read it: "$2.50 · $10.00" with its source beside it, "unknown" for null (never $0),
// "Free" for 0. The rule and the formatting are lib/registry/model/prices.ts; this is only their markup.
import { formatPrice, formatPriceSource, priceSourceLabel } from '@/lib/registry/model/prices';

export type PriceView = { input: string | null; output: string | null; source: string | null };

export function PriceLabel({ price }: { price: PriceView }) {
  const unknown = price.input === null && price.output === null;
  // The common case of a large registry, in the fewest bytes: a page may list 200 of them.
  if (unknown && !price.source) return <span className="text-slate-500">unknown</span>;
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-1">
      {unknown ? (
        <span className="text-slate-500">unknown</span>
      ) : (
        <span>
          {formatPrice(price.input)} · {formatPrice(price.output)}
        </span>
      )}{' '}
      {price.source && (
        <span className="text-xs text-slate-500" title={`Price source: ${formatPriceSource(price.source)}`}>
          {priceSourceLabel(price.source)}
        </span>
      )}
    </span>
  );
}
