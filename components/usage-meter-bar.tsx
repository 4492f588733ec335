import { formatNumber } from "@/lib/format";

/** "used / limit" with a bar that turns red at the limit; no hooks, so server and client can use it. */
export function UsageMeterBar({ used, limit, label = "devices in this product" }: { used: number; limit: number; label?: string }) {
  const ratio = limit > 0 ? Math.min(used / limit, 1) : 1;
  return (
    <div className="meter" title={`${formatNumber(used)} of ${formatNumber(limit)} ${label}`}>
      <div className={`meter-bar${ratio >= 1 ? " full" : ""}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={used}>
        <span style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
      </div>
      <span className="meter-label">
        {formatNumber(used)} / {formatNumber(limit)}
      </span>
    </div>
  );
}
