"use client";

import { useEffect, useState } from "react";
import { ImportStatusBadge } from "@/components/import-status-badge";
import type { Import } from "@/db/schema";

type Status = Import["status"];
type Announced = { importId: string; status: Status; failed: number };
const EVENT = "import-status";

/** The import view tells the page header what it shows (after a confirm, a settled poll) before the page is rendered again. */
export function announceImportStatus(detail: Announced) {
  window.dispatchEvent(new CustomEvent<Announced>(EVENT, { detail }));
}

/** The header's badge: the status the page was rendered with, or the one the view announced since. */
export function LiveImportStatusBadge({ importId, status, failed }: { importId: string; status: Status; failed: number }) {
  // Kept with the rendered status it followed: a page rendered with a new status shows that one.
  const [live, setLive] = useState<(Announced & { from: Status }) | null>(null);
  useEffect(() => {
    const onStatus = (event: Event) => {
      const detail = (event as CustomEvent<Announced>).detail;
      if (detail.importId === importId) setLive({ ...detail, from: status });
    };
    window.addEventListener(EVENT, onStatus);
    return () => window.removeEventListener(EVENT, onStatus);
  }, [importId, status]);
  const shown = live && live.from === status ? live : { status, failed };
  return <ImportStatusBadge status={shown.status} failed={shown.failed} />;
}
