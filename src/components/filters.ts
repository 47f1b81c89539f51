// Page-wide filters (age band, primary need, setting) and the breakdown choice, as native labelled
// selects (keyboard and screen-reader friendly). The state lives in the URL so a link reproduces the view.

import { ALL, DIMENSIONS, type Dimension, type Filters } from "./cube.js";
import { DIMENSION_LABELS } from "./format.js";

export interface FilterState extends Filters {
  by: Dimension;
}

type Categories = Record<Dimension, { id: string; label: string }[]>;

export function readFilterState(search: string, categories: Categories): FilterState {
  const params = new URLSearchParams(search);
  const state = { age_band: ALL, primary_need: ALL, setting: ALL, by: "age_band" } as FilterState;
  for (const dim of DIMENSIONS) {
    const value = params.get(dim);
    if (value && categories[dim].some((c) => c.id === value)) state[dim] = value;
  }
  const by = params.get("by");
  if (by && (DIMENSIONS as readonly string[]).includes(by)) state.by = by as Dimension;
  return state;
}

export function filterSearch(state: FilterState): string {
  const params = new URLSearchParams();
  for (const dim of DIMENSIONS) if (state[dim] !== ALL) params.set(dim, state[dim]);
  if (state.by !== "age_band") params.set("by", state.by);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A form whose `value` is the FilterState; dispatches "input" on change (Framework's view() contract). */
export function filterForm(categories: Categories, initial: FilterState): HTMLFormElement & { value: FilterState } {
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
  for (const dim of DIMENSIONS) {
    const label = DIMENSION_LABELS[dim]!;
    addSelect(dim, label[0]!.toUpperCase() + label.slice(1), [{ id: ALL, label: `All (${label === "age band" ? "all ages" : `every ${label}`})` }, ...categories[dim]], initial[dim]);
  }
  addSelect("by", "Break down by", DIMENSIONS.map((dim) => ({ id: dim, label: DIMENSION_LABELS[dim]! })), initial.by);
  const reset = document.createElement("button");
  reset.type = "button";
  reset.textContent = "Clear filters";
  reset.addEventListener("click", () => {
    for (const dim of DIMENSIONS) selects[dim].value = ALL;
    update();
  });
  form.append(reset);

  const read = (): FilterState => ({
    age_band: selects.age_band.value,
    primary_need: selects.primary_need.value,
    setting: selects.setting.value,
    by: selects.by.value as Dimension,
  });
  form.value = initial;
  const update = () => {
    form.value = read();
    history.replaceState(null, "", `${location.pathname}${filterSearch(form.value)}${location.hash}`);
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  form.addEventListener("change", update);
  return form;
}
