/* Keep the reader's place when they switch language (docs/_ext/language_switch.py makes the link).
 *
 * On click, the link to the other language gets the anchor of the heading or API entry the reader
 * is in (#...), and the number of that section (?section=N). Headings have the same anchors in both
 * languages only where they are explicit (API entries, labels); for the others, the page in the
 * other language scrolls to the same section by number (every edition has the same sections).
 * Without JavaScript the link still works; it opens the top of the page.
 */
(() => {
  "use strict";
  const SECTIONS = "article.bd-article section[id]";
  const ANCHORS = "article.bd-article section[id], article.bd-article dt[id]";
  const TOP = 120; // the height of the sticky header, and a little more

  const lastAbove = (selector) => {
    let found = null;
    document.querySelectorAll(selector).forEach((element) => {
      if (element.getBoundingClientRect().top <= TOP) found = element;
    });
    return found;
  };

  const keepPlace = (event) => {
    const link = event.currentTarget;
    const url = new URL(link.getAttribute("href"), document.baseURI);
    const sections = [...document.querySelectorAll(SECTIONS)];
    const section = lastAbove(SECTIONS);
    const anchor = lastAbove(ANCHORS);
    if (window.scrollY > 0 && section) {
      url.searchParams.set("section", String(sections.indexOf(section)));
      url.hash = anchor ? anchor.id : section.id;
    } else if (window.location.hash) {
      url.hash = window.location.hash;
    }
    link.href = url.href;
  };

  const arrive = () => {
    const params = new URLSearchParams(window.location.search);
    if (!params.has("section")) return;
    let hash = window.location.hash;
    const id = decodeURIComponent(hash.slice(1));
    if (!id || !document.getElementById(id)) {
      const sections = document.querySelectorAll(SECTIONS);
      const target = sections[Number(params.get("section"))];
      if (target) {
        target.scrollIntoView();
        hash = `#${target.id}`; // this page's own anchor for that section
      }
    }
    params.delete("section"); // tidy the address bar: the anchor alone is the link to share
    const query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? `?${query}` : "") + hash);
  };

  const start = () => {
    document.querySelectorAll("a.lang-switch").forEach((link) => {
      link.addEventListener("click", keepPlace);
      link.addEventListener("auxclick", keepPlace); // middle click: a new tab, same place
    });
    arrive();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
