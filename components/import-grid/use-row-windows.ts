"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { MAX_WINDOW, WINDOW, type RowView } from "@/lib/import/preview/row-view";
import type { PreviewRow, RowWindow } from "@/lib/imports/row-window";

const viewQuery = (view: RowView) => new URLSearchParams({ filter: view.filter, q: view.q, sort: view.sort });

/** GET one window of a view from the rows route. */
async function fetchWindow(rowsUrl: string, view: RowView, index: number, limit = WINDOW): Promise<RowWindow> {
  const query = viewQuery(view);
  query.set("offset", String(index * WINDOW));
  query.set("limit", String(limit));
  const response = await fetch(`${rowsUrl}?${query}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`rows ${response.status}`);
  return response.json();
}

export async function locateLine(rowsUrl: string, view: RowView, line: number): Promise<number | null> {
  const query = viewQuery(view);
  query.set("locate", String(line));
  const response = await fetch(`${rowsUrl}?${query}`, { cache: "no-store" });
  return response.ok ? ((await response.json()) as { index: number | null }).index : null;
}

/**
 * The rows of one view, held as windows of WINDOW rows fetched from the server as the grid scrolls
 * to them: a 100,000-row import never comes to the browser at once. A new view starts over; after
 * a bulk edit `reload` fetches the windows in view again and swaps them in together.
 */
export function useRowWindows(rowsUrl: string, view: RowView, initial: RowWindow | null) {
  const windows = useRef(new Map<number, PreviewRow[]>(initial ? [[0, initial.rows]] : []));
  const pending = useRef(new Map<number, Promise<void>>());
  const generation = useRef(0);
  const visible = useRef<[number, number]>([0, 0]);
  const [total, setTotal] = useState(initial?.total ?? 0);
  const [, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  const viewKey = `${view.filter}\u0000${view.q}\u0000${view.sort}`;
  const first = useRef(true);

  const load = useCallback(
    (index: number) => {
      const known = pending.current.get(index);
      if (known) return known;
      const gen = generation.current;
      const promise = fetchWindow(rowsUrl, view, index)
        .then((w) => {
          if (gen !== generation.current) return;
          windows.current.set(index, w.rows);
          setTotal(w.total);
          bump();
        })
        .finally(() => pending.current.delete(index));
      pending.current.set(index, promise);
      return promise;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rowsUrl, viewKey],
  );

  /** Rows from..to (indexes) are on screen: fetch the windows they need. */
  const ensure = useCallback(
    (from: number, to: number) => {
      visible.current = [from, to];
      const jobs: Promise<void>[] = [];
      for (let w = Math.floor(from / WINDOW); w <= Math.floor(Math.max(to, from) / WINDOW); w++) if (!windows.current.has(w)) jobs.push(load(w));
      return Promise.all(jobs).then(() => undefined);
    },
    [load],
  );

  /** The windows on screen, as one offset and limit: a bulk edit asks for them with the edit. */
  const inView = useCallback(() => {
    const [from, to] = visible.current;
    const first = Math.floor(from / WINDOW);
    const last = Math.min(Math.floor(Math.max(to, from) / WINDOW), first + Math.floor(MAX_WINDOW / WINDOW) - 1);
    return { offset: first * WINDOW, limit: (last - first + 1) * WINDOW };
  }, []);

  /**
   * After a bulk edit: the windows on screen, sent back by the edit itself (or fetched again),
   * swapped in at once (no flash of empty rows); the others are dropped and load when scrolled to.
   */
  const reload = useCallback(
    async (sent?: RowWindow | null) => {
      generation.current++;
      pending.current.clear();
      const { offset, limit } = inView();
      const rows = sent && sent.offset === offset ? sent : await fetchWindow(rowsUrl, view, offset / WINDOW, limit);
      const next = new Map<number, PreviewRow[]>();
      for (let i = 0; i * WINDOW < limit; i++) {
        const part = rows.rows.slice(i * WINDOW, (i + 1) * WINDOW);
        // A window cut short by the end of the view is whole; one past the end stays unloaded.
        if (part.length > 0 || i === 0) next.set(offset / WINDOW + i, part);
      }
      windows.current = next;
      setTotal(rows.total);
      bump();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rowsUrl, viewKey, inView],
  );

  // A new view (filter, search, sort): start over from its first window.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      if (initial) return;
    }
    generation.current++;
    pending.current.clear();
    windows.current = new Map();
    bump();
    // The first window, and the ones where the grid is scrolled to now (its range may not change).
    const [from, to] = visible.current;
    void ensure(0, WINDOW - 1).then(() => ensure(from, to));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewKey]);

  const rowAt = useCallback((index: number): PreviewRow | undefined => windows.current.get(Math.floor(index / WINDOW))?.[index % WINDOW], []);

  /** Rows a cell edit changed, put in place where they are loaded (they keep their place until the next reload). */
  const patch = useCallback((rows: PreviewRow[]) => {
    const byLine = new Map(rows.map((r) => [r.line, r]));
    for (const [w, list] of windows.current) windows.current.set(w, list.map((r) => byLine.get(r.line) ?? r));
    bump();
  }, []);

  /** The lines between two indexes, fetching the windows between them first (a shift-click range). */
  const linesBetween = useCallback(
    async (a: number, b: number) => {
      const [from, to] = a < b ? [a, b] : [b, a];
      const jobs: Promise<void>[] = [];
      for (let w = Math.floor(from / WINDOW); w <= Math.floor(to / WINDOW); w++) if (!windows.current.has(w)) jobs.push(load(w));
      await Promise.all(jobs);
      const lines: number[] = [];
      for (let i = from; i <= to; i++) {
        const row = rowAt(i);
        if (row) lines.push(row.line);
      }
      return lines;
    },
    [load, rowAt],
  );

  return { total, rowAt, ensure, reload, inView, patch, linesBetween };
}
export type RowWindows = ReturnType<typeof useRowWindows>;
