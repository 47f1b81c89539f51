// The furniture every domain page (EHCP, Education, Placements, Post-16) shares: the setup from its files,
// DuckDB-WASM in the background and its status line, the card grid, the per-filter comparator context and
// the open-data download. Pages keep only what differs: their files, KPIs, dimensions and words.

import { breakdownKey, selectFromRows, type CubeRow, type Dimension, type Filters, type PageData } from "./cube.js";
import { kpiCard } from "./kpi-card.js";
import type { CardView, KpiMeta } from "./kpi-view.js";
// Type only: DuckDB-WASM's module is loaded when the database starts (below), not before the first figures.
import type { CubeDatabase } from "./duckdb-client.js";
import { comparatorLine, type ComparatorContext } from "./comparator-text.js";
import { dateLabel } from "./format.js";
import { holdIdleDrawingUntil } from "./lazy-render.js";

/** A live status line for the in-browser database; marks <html data-duckdb> for tests and styles. */
export function duckDbStatus(ready: Promise<unknown>, empty = false): HTMLElement {
  const status = document.createElement("p");
  status.className = "status";
  status.setAttribute("role", "status");
  if (empty) {
    // Nothing published yet (no extracts for this page): no database to start.
    status.textContent = "No figures are published for this page yet, so there is nothing to filter.";
    document.documentElement.dataset.duckdb = "empty";
    ready.catch(() => {});
    return status;
  }
  status.textContent = "Figures shown from the precomputed tables; interactive filtering is starting…";
  ready.then(
    () => { status.textContent = "Filters are live (DuckDB-WASM ready)."; document.documentElement.dataset.duckdb = "ready"; },
    (error) => { status.textContent = "Filters use the precomputed tables (DuckDB-WASM could not start)."; document.documentElement.dataset.duckdb = "failed"; console.error(error); },
  );
  return status;
}

/** The comparator context for one KPI under the page's filters (only the dimensions the KPI has). */
export function comparatorsFor(base: ComparatorContext | undefined, breakdowns: readonly Dimension[], filters: Partial<Record<Dimension, string>>): ComparatorContext | undefined {
  if (!base) return undefined;
  return { ...base, breakdown: breakdownKey(Object.fromEntries(breakdowns.map((dim) => [dim, filters[dim]]))) };
}

/** The KPI cards, each with a line of published comparators for the current filters where there is one. */
export function cardGrid(views: readonly CardView[], source: string, comparators: (view: CardView) => ComparatorContext | undefined): HTMLElement {
  const grid = document.createElement("div");
  grid.className = "grid grid-cols-3 kpi-cards";
  grid.dataset.source = source;
  grid.append(...views.map((view) => {
    const context = view.unavailableBy.length === 0 ? comparators(view) : undefined;
    return kpiCard(view, context ? comparatorLine(view.kpi, context) : undefined);
  }));
  return grid;
}

/** The link to every published figure of the page as CSV, with the symbols explained. */
export function downloadFigures(href: string, fileName: string, referenceDate: string): HTMLElement {
  const paragraph = document.createElement("p");
  const link = document.createElement("a");
  link.href = href;
  link.download = fileName;
  link.textContent = "Download every published figure on this page (CSV, suppressed as shown)";
  paragraph.append(link, ` · Figures as at ${dateLabel(referenceDate)}. Symbols: c suppressed, x not available, z not applicable (see the methodology).`);
  return paragraph;
}

/** Keeps the categories that occur in the page's cube, so a filter never offers an empty choice. */
export function presentCategories<T extends { id: string }>(categories: Record<string, T[]>, rows: readonly Record<string, unknown>[], dims: readonly Dimension[]): Record<string, T[]> {
  return Object.fromEntries(dims.map((dim) => {
    const seen = new Set(rows.map((row) => row[dim]));
    return [dim, (categories[dim] ?? []).filter((category) => seen.has(category.id))];
  }));
}

/** What a domain page derives from its files: its cube rows, KPIs, filter categories, labels and comparators. */
export function domainSetup(
  meta: { kpis: (KpiMeta & { domain: string })[]; categories: Record<string, { id: string; label: string }[]> },
  cubeRows: readonly CubeRow[],
  published: { available: boolean; home: { name: string }; region: { name: string }; similarAreas: { label: string }; summaries: ComparatorContext["summaries"] },
  domain: string,
  dims: readonly Dimension[],
) {
  const labels = Object.fromEntries(Object.entries(meta.categories).map(([dim, list]) => [dim, Object.fromEntries(list.map((c) => [c.id, c.label]))]));
  return {
    kpis: meta.kpis.filter((kpi) => kpi.domain === domain),
    categories: presentCategories(meta.categories, cubeRows, dims),
    labels,
    comparators: published.available
      ? { homeName: published.home.name, regionName: published.region.name, similarLabel: published.similarAreas.label, summaries: published.summaries, labels } as ComparatorContext
      : undefined,
  };
}

export interface PageDatabase {
  db: CubeDatabase | null;
  ready: Promise<CubeDatabase>;
}

/** Resolves once the browser is idle after the first render (or after a second at most). */
const afterFirstPaint = () => new Promise<void>((resolve) => {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(), { timeout: 1000 });
  else setTimeout(resolve, 200);
});

/**
 * Starts DuckDB-WASM on the page's cube in the background (none for an empty cube). The first figures never
 * wait for it, and it starts only once they are drawn: its 30 MB binary would otherwise compete with them
 * for the processor.
 */
export function startPageDatabase(cubeBuffer: ArrayBuffer, empty: boolean, files: () => Promise<[string, string]>): PageDatabase {
  const duck: PageDatabase = {
    db: null,
    ready: empty ? Promise.reject(new Error("no published figures")) : afterFirstPaint()
      .then(() => Promise.all([files(), import("./duckdb-client.js")]))
      .then(([[wasm, worker], { openCubeDatabase }]) => openCubeDatabase(cubeBuffer, { wasm, worker })),
  };
  duck.ready.then((db) => { duck.db = db; }, () => {});
  holdIdleDrawingUntil(duck.ready);
  return duck;
}

let kpiSections: Promise<typeof import("./kpi-section.js")> | undefined;

/**
 * The KPI sections' module (Plot and d3 behind it), imported once, by the cell that draws the sections
 * after the cards. A cell importing it itself would import it again on every filter change, and import()
 * resolves in a later task, so the cards would be painted a frame before the charts; awaiting the same
 * promise again resolves at once.
 */
export const loadKpiSections = () => (kpiSections ??= import("./kpi-section.js"));

/**
 * The page's figures for the filters: DuckDB's answer once it is ready, the precomputed cube's until then.
 * DuckDB's answer for the filters already shown is the same rows (tests/unit/cube-selection.test.ts), so
 * the page is not drawn again when DuckDB becomes ready, under the reader's eyes and while they may be
 * scrolling: the next filter change is its first answer.
 */
export async function pageDataFor(duck: PageDatabase, cubeRows: readonly CubeRow[], filters: Filters & { by: Dimension }): Promise<PageData> {
  return duck.db ? duck.db.select(filters, filters.by) : selectFromRows(cubeRows, filters, filters.by);
}
