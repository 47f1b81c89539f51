// Draws the expensive parts of a page (each KPI section's charts and tables) in three waves:
// - on screen: as soon as the render that made them has finished, in the same task, so a filter change is
//   painted in one frame (an IntersectionObserver would only report them after the next frame);
// - near the viewport (600 px): when the browser is next idle, so they are ready before a scroll reaches
//   them without delaying the paint of what is on screen;
// - the rest: a second after the last redraw began (or the reader's last input), one at a time while the
//   browser is idle.
// A filter change then redraws only what is on screen at once. Sections a newer render has replaced are
// dropped, never drawn. Until it is drawn, a section keeps the height its predecessor of the same key had
// when drawn: the page neither jumps under the reader nor shows a run of short, undrawn sections on screen
// that would all be drawn at once.

type Draw = () => void;

const pending = new Map<Element, { draw: Draw; since: number }>();
let observer: IntersectionObserver | undefined;
/** A section not in the document this long after it was made was replaced before it was shown. */
const STALE_MS = 10_000;

function drawNow(element: Element): void {
  const entry = pending.get(element);
  if (!entry) return;
  pending.delete(element);
  observer?.unobserve(element);
  if (element.isConnected) entry.draw();
}

const whenIdle = (callback: () => void, timeout: number) =>
  typeof requestIdleCallback === "function" ? requestIdleCallback(callback, { timeout }) : setTimeout(callback, 50);

const onScreen = (box: DOMRectReadOnly) => box.bottom > 0 && box.top < innerHeight;

let onScreenQueued = false;

/**
 * After the running script (a cell displays all its sections before it returns): draws the pending
 * sections that are on screen. Every box is measured before any is drawn, so this costs one layout.
 */
function drawOnScreenSoon(): void {
  if (onScreenQueued) return;
  onScreenQueued = true;
  queueMicrotask(() => {
    onScreenQueued = false;
    const visible = [...pending.keys()].filter((element) => element.isConnected && onScreen(element.getBoundingClientRect()));
    for (const element of visible) drawNow(element);
  });
}

/** Sections within the observer's margin but off screen, drawn when the browser is next idle. */
const nearby = new Set<Element>();
let nearbyScheduled = false;

function drawNearbySoon(element: Element): void {
  nearby.add(element);
  if (nearbyScheduled) return;
  nearbyScheduled = true;
  whenIdle(() => {
    nearbyScheduled = false;
    const elements = [...nearby];
    nearby.clear();
    for (const near of elements) drawNow(near);
  }, 300);
}

let idleScheduled = false;

function drainOne(): void {
  idleScheduled = false;
  const now = performance.now();
  // Queued before the reader's latest input: the quiet timer it restarted schedules the next one.
  if (now - lastActivity < IDLE_DELAY_MS) return;
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
  void hold.then(() => whenIdle(drainOne, 1500));
}

/**
 * Off-screen sections are not drawn in idle time until `promise` settles. The page gives DuckDB-WASM's
 * start: on two cores, drawing them would compete with it for the processor. Sections on or near the
 * screen still draw.
 */
export function holdIdleDrawingUntil(promise: Promise<unknown>): void {
  hold = promise.then(() => undefined, () => undefined);
}

/** When the latest redraw began or the reader last changed an input. */
let lastActivity = 0;

/** Restarts the wait before off-screen sections are drawn. */
function scheduleIdleAfterQuiet(): void {
  lastActivity = performance.now();
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => { idleTimer = undefined; scheduleIdle(); }, IDLE_DELAY_MS);
}

/** The drawn height of the latest element of each key, as the browser lays them out (no layout is forced). */
const drawnHeights = new Map<string, number>();
/** The element measured for each key, and back (a replaced element is no longer observed). */
const measured = new Map<string, Element>();
const keyOf = new WeakMap<Element, string>();
let resizes: ResizeObserver | undefined;

function rememberHeight(element: HTMLElement, key: string): void {
  if (typeof ResizeObserver === "undefined") return;
  resizes ??= new ResizeObserver((entries) => {
    for (const entry of entries) {
      const of = keyOf.get(entry.target);
      if (of !== undefined && measured.get(of) === entry.target) drawnHeights.set(of, entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height);
    }
  });
  const previous = measured.get(key);
  if (previous) resizes.unobserve(previous);
  keyOf.set(element, key);
  measured.set(key, element);
  resizes.observe(element);
}

/**
 * Calls `draw` once: at once if `element` is on screen, soon if it is near, else later when the browser is
 * idle. With a `key` (the same for an element and the one it replaces), it holds the last drawn height of
 * that key until drawn.
 */
export function drawWhenVisible(element: HTMLElement, draw: Draw, key?: string): void {
  if (key !== undefined) {
    const height = drawnHeights.get(key);
    if (height !== undefined) element.style.minHeight = `${height}px`;
    const drawOnly = draw;
    draw = () => {
      drawOnly();
      element.style.minHeight = "";
      rememberHeight(element, key);
    };
  }
  if (typeof IntersectionObserver === "undefined") { draw(); return; }
  if (!observer) {
    // A filter changed: a redraw is on its way, and drawing an off-screen section it will replace (15-25 ms)
    // would only hold up DuckDB's answer when it arrives.
    document.addEventListener("input", () => { if (pending.size > 0) scheduleIdleAfterQuiet(); }, true);
  }
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      if (onScreen(entry.boundingClientRect)) drawNow(entry.target);
      else drawNearbySoon(entry.target);
    }
  }, { rootMargin: "600px 0px" });
  pending.set(element, { draw, since: performance.now() });
  observer.observe(element);
  drawOnScreenSoon();
  scheduleIdleAfterQuiet();
}
