import { statusLabels } from "@/lib/format";

export function StatusBadge({ status }: { status: keyof typeof statusLabels }) {
  return <span className={`badge ${status}`}>{statusLabels[status]}</span>;
}
