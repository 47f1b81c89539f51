// Download links for files made in the browser (lists, annotated workbooks): the bytes never leave the
// computer; the link points at a blob held in this page.

/**
 * A link that downloads `content` as `fileName`. Content given as a function is made when the link is first
 * used (focused, pressed or clicked: the browser follows the href as it is after the click's handlers), so
 * the dozens of tables a page redraws on each filter change make no files nobody asks for.
 */
export function downloadLink(content: string | Uint8Array | (() => string | Uint8Array), fileName: string, label: string, type = "text/csv"): HTMLAnchorElement {
  const link = document.createElement("a");
  const blobUrl = (made: string | Uint8Array) => URL.createObjectURL(new Blob([typeof made === "string" ? made : new Uint8Array(made)], { type }));
  if (typeof content === "function") {
    // A real href from the start keeps it a link for keyboards and screen readers.
    link.href = "#";
    const make = () => {
      if (link.dataset.made) return;
      link.href = blobUrl(content());
      // Marked once made: a failed attempt is tried again on the next use.
      link.dataset.made = "true";
    };
    for (const event of ["focus", "pointerdown", "click"]) link.addEventListener(event, make);
  } else {
    link.href = blobUrl(content);
  }
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
