// Draws expensive parts of a page (each KPI section's charts and tables) when they come near the viewport,
// then, a second after the last redraw began, the rest one at a time while the browser is idle. A filter change then redraws only what is on
// screen at once. Sections a newer render has replaced are dropped, never drawn.

type Draw = () => void;

const pending = new Map<Element, { draw: Draw; since: number }>();
let observer: IntersectionObserver | undefined;
let idleScheduled = false;
/** A section not in the document this long after it was made was replaced before it was shown. */
const STALE_MS = 10_000;

function drawNow(element: Element): void {
  const entry = pending.get(element);
  if (!entry) return;
  pending.delete(element);
  observer?.unobserve(element);
  if (element.isConnected) entry.draw();
}

const whenIdle = (callback: () => void) =>
  typeof requestIdleCallback === "function" ? requestIdleCallback(callback, { timeout: 1500 }) : setTimeout(callback, 50);

function drainOne(): void {
  idleScheduled = false;
  const now = performance.now();
  for (const [element, entry] of pending) {
    if (element.isConnected) { drawNow(element); break; }
    if (now - entry.since > STALE_MS) { pending.delete(element); observer?.unobserve(element); }
  }
  if (pending.size > 0) scheduleIdle();
}

/** Off-screen sections wait this long after the last redraw began, so a burst of filter changes stays quick. */
const IDLE_DELAY_MS = 1000;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Until this settles, off-screen sections wait (see holdIdleDrawingUntil). */
let hold: Promise<unknown> = Promise.resolve();

function scheduleIdle(): void {
  if (idleScheduled) return;
  idleScheduled = true;
  void hold.then(() => whenIdle(drainOne));
}

/**
 * Off-screen sections are not drawn in idle time until `promise` settles. The page gives DuckDB-WASM's
 * start: its answer redraws every section, so drawing them before it is wasted, and on two cores it
 * would compete with DuckDB's start for the processor. Sections near the viewport still draw at once.
 */
export function holdIdleDrawingUntil(promise: Promise<unknown>): void {
  hold = promise.then(() => undefined, () => undefined);
}

/** Restarts the wait before off-screen sections are drawn. */
function scheduleIdleAfterQuiet(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => { idleTimer = undefined; scheduleIdle(); }, IDLE_DELAY_MS);
}

/** Calls `draw` once: when `element` nears the viewport, or later when the browser is idle. */
export function drawWhenVisible(element: Element, draw: Draw): void {
  if (typeof IntersectionObserver === "undefined") { draw(); return; }
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) drawNow(entry.target);
  }, { rootMargin: "600px 0px" });
  pending.set(element, { draw, since: performance.now() });
  observer.observe(element);
  scheduleIdleAfterQuiet();
}
