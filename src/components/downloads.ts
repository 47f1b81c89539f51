// Download links for files made in the browser (lists, annotated workbooks): the bytes never leave the
// computer; the link points at a blob held in this page.

export function downloadLink(content: string | Uint8Array, fileName: string, label: string, type = "text/csv"): HTMLAnchorElement {
  const link = document.createElement("a");
  const part: BlobPart = typeof content === "string" ? content : new Uint8Array(content);
  link.href = URL.createObjectURL(new Blob([part], { type }));
  link.download = fileName;
  link.textContent = label;
  return link;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A paragraph of download links, separated by middots. */
export function downloadList(links: HTMLAnchorElement[]): HTMLParagraphElement {
  const paragraph = document.createElement("p");
  paragraph.className = "downloads";
  links.forEach((link, i) => paragraph.append(...(i > 0 ? [" · ", link] : [link])));
  return paragraph;
}
