const tones = {
  default: 'text-slate-900',
  green: 'text-emerald-700',
  slate: 'text-slate-600',
  amber: 'text-amber-700',
} as const;

export function StatCard(props: { label: string; value: number; tone?: keyof typeof tones; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{props.label}</div>
      <div className={`mt-1 text-3xl font-semibold tabular-nums ${tones[props.tone ?? 'default']}`}>
        {props.value}
      </div>
      {props.hint && <div className="mt-1 text-xs text-slate-500">{props.hint}</div>}
    </div>
  );
}
