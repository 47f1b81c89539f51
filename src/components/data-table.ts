// The data-table alternative to every chart, with an open-CSV download made in the browser (no request).

import { downloadLink } from "./downloads.js";

export interface TableColumn<Row> {
  label: string;
  value: (row: Row) => string | number | null;
  numeric?: boolean;
}

function csvCell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[]): string {
  return [columns.map((c) => csvCell(c.label)).join(","), ...rows.map((row) => columns.map((c) => csvCell(c.value(row))).join(","))].join("\n") + "\n";
}

/**
 * A <details> holding a captioned table and a CSV download link named `fileName`. A closed one builds its
 * table when first opened: a page redraws dozens of them on every filter change.
 */
export function dataTable<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[], options: { caption: string; fileName: string; open?: boolean }): HTMLElement {
  const details = document.createElement("details");
  details.className = "data-table";
  const summary = document.createElement("summary");
  summary.textContent = `Table and CSV: ${options.caption}`;
  details.append(summary);
  if (options.open) {
    details.open = true;
    fillTable(details, rows, columns, options);
  } else {
    const build = () => {
      if (!details.open) return;
      details.removeEventListener("toggle", build);
      fillTable(details, rows, columns, options);
    };
    details.addEventListener("toggle", build);
  }
  return details;
}

function fillTable<Row>(details: HTMLDetailsElement, rows: readonly Row[], columns: readonly TableColumn<Row>[], options: { caption: string; fileName: string }): void {
  const wrapper = document.createElement("div");
  wrapper.className = "table-scroll";
  // A wide table scrolls sideways: keyboard users need to reach that scroll too (WCAG 2.1.1).
  wrapper.tabIndex = 0;
  wrapper.setAttribute("role", "region");
  wrapper.setAttribute("aria-label", options.caption);
  const table = document.createElement("table");
  const caption = table.createCaption();
  caption.textContent = options.caption;
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column.label;
    if (column.numeric) th.className = "numeric";
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    columns.forEach((column, index) => {
      const cell = index === 0 ? document.createElement("th") : document.createElement("td");
      if (index === 0) (cell as HTMLTableCellElement).scope = "row";
      const value = column.value(row);
      cell.textContent = value === null ? "" : String(value);
      if (column.numeric) cell.className = "numeric";
      tr.append(cell);
    });
  }
  wrapper.append(table);
  const link = downloadLink(() => toCsv(rows, columns), options.fileName, `Download CSV (${options.fileName})`);
  link.className = "csv-download";
  details.append(wrapper, link);
}
