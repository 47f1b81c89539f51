// Page-wide filters (the page's dimensions: age band, primary need and setting on the EHCP page; SEN
// status, primary need and phase on the Education page) and the breakdown choice, as native labelled
// selects (keyboard and screen-reader friendly). The state lives in the URL so a link reproduces the view.

import { ALL, NO_FILTERS, type Dimension, type Filters } from "./cube.js";
import { DIMENSION_LABELS } from "./format.js";

export interface FilterState extends Filters {
  by: Dimension;
}

type Categories = Partial<Record<Dimension, { id: string; label: string }[]>>;

/** The filters in a page's address; `dims` are the page's dimensions, the first the default breakdown. */
export function readFilterState(search: string, categories: Categories, dims: readonly Dimension[]): FilterState {
  const params = new URLSearchParams(search);
  const state: FilterState = { ...NO_FILTERS, by: dims[0]! };
  for (const dim of dims) {
    const value = params.get(dim);
    if (value && categories[dim]?.some((c) => c.id === value)) state[dim] = value;
  }
  const by = params.get("by");
  if (by && (dims as readonly string[]).includes(by)) state.by = by as Dimension;
  return state;
}

export function filterSearch(state: FilterState, dims: readonly Dimension[]): string {
  const params = new URLSearchParams();
  for (const dim of dims) if (state[dim] !== ALL) params.set(dim, state[dim]);
  if (state.by !== dims[0]) params.set("by", state.by);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A form whose `value` is the FilterState; dispatches "input" on change (Framework's view() contract). */
export function filterForm(categories: Categories, initial: FilterState, dims: readonly Dimension[]): HTMLFormElement & { value: FilterState } {
  const form = document.createElement("form") as HTMLFormElement & { value: FilterState };
  form.className = "filters";
  form.setAttribute("aria-label", "Filter every figure on this page");
  form.addEventListener("submit", (event) => event.preventDefault());
  const selects = {} as Record<Dimension | "by", HTMLSelectElement>;
  const addSelect = (name: Dimension | "by", label: string, options: { id: string; label: string }[], value: string) => {
    const wrapper = document.createElement("div");
    wrapper.className = "filter";
    const labelElement = document.createElement("label");
    labelElement.htmlFor = `filter-${name}`;
    labelElement.textContent = label;
    const select = document.createElement("select");
    select.id = `filter-${name}`;
    select.name = name;
    for (const option of options) select.add(new Option(option.label, option.id, false, option.id === value));
    wrapper.append(labelElement, select);
    form.append(wrapper);
    selects[name] = select;
  };
  for (const dim of dims) {
    const label = DIMENSION_LABELS[dim]!;
    const allLabel = label === "age band" ? "all ages" : label === "SEN status" ? "all pupils" : `every ${label}`;
    addSelect(dim, label[0]!.toUpperCase() + label.slice(1), [{ id: ALL, label: `All (${allLabel})` }, ...(categories[dim] ?? [])], initial[dim]);
  }
  addSelect("by", "Break down by", dims.map((dim) => ({ id: dim, label: DIMENSION_LABELS[dim]! })), initial.by);
  const reset = document.createElement("button");
  reset.type = "button";
  reset.textContent = "Clear filters";
  reset.addEventListener("click", () => {
    for (const dim of dims) selects[dim].value = ALL;
    update();
  });
  form.append(reset);

  const read = (): FilterState => ({
    ...NO_FILTERS,
    ...Object.fromEntries(dims.map((dim) => [dim, selects[dim].value])),
    by: selects.by.value as Dimension,
  });
  form.value = initial;
  const update = () => {
    form.value = read();
    history.replaceState(null, "", `${location.pathname}${filterSearch(form.value, dims)}${location.hash}`);
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  form.addEventListener("change", update);
  // A select's own "input" event comes before its "change", while the form's value is still the old one.
  // Reaching view() (a browser runs microtasks between the two events), it would draw the page again for
  // the old filters, through DuckDB, before the change draws the new ones.
  form.addEventListener("input", (event) => { if (event.target !== form) event.stopPropagation(); }, true);
  return form;
}
