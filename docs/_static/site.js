// What the page's header and sidebars do, in place of the theme's two scripts.
//
// pydata-sphinx-theme ships bootstrap.js (Bootstrap and Popper, 80 KB) for one dropdown and its
// tooltips, and pydata-sphinx-theme.js, which measures the page as soon as it has run (the
// sidebar's active link, every code block's width): on a lesson page the two cost a phone's
// main thread about a second after the first paint. This file does what the site's pages use
// of them, and measures nothing until the reader scrolls or resizes:
//
// - the colour mode (light, dark, system) and its dropdown;
// - the search dialog (its button, and Ctrl+K or ⌘K);
// - the sidebars as drawers on a narrow screen;
// - the "on this page" column following the reading position;
// - code blocks that scroll sideways reachable with the keyboard;
// - the "back to top" button;
// - names for the sidebar's fold buttons.
//
// The markup is the theme's, and so are the class names and attributes these rely on: the
// browser tests exercise each of them.

"use strict";

// Colour mode --------------------------------------------------------------------------------
// The head's inline script has already set data-mode and data-theme from the reader's last
// choice, before the first paint; this keeps them in step with the system while the mode is
// "auto", and with the dropdown.

const prefersDark = window.matchMedia("(prefers-color-scheme: dark)");

function applyMode(mode) {
  if (!["light", "dark", "auto"].includes(mode)) mode = "auto";
  const theme = mode === "auto" ? (prefersDark.matches ? "dark" : "light") : mode;
  const root = document.documentElement;
  if (root.dataset.mode !== mode) root.dataset.mode = mode;
  if (root.dataset.theme !== theme) root.dataset.theme = theme;
  for (const menu of document.querySelectorAll(".dropdown-menu")) {
    menu.classList.toggle("dropdown-menu-dark", theme === "dark");
  }
  for (const button of document.querySelectorAll(".theme-change-button")) {
    button.classList.toggle("active", button.dataset.mode === mode);
  }
  return theme;
}

function setupColourMode() {
  applyMode(document.documentElement.dataset.mode);
  prefersDark.addEventListener("change", () => applyMode(document.documentElement.dataset.mode));
  for (const button of document.querySelectorAll(".theme-change-button")) {
    button.addEventListener("click", () => {
      const theme = applyMode(button.dataset.mode);
      localStorage.setItem("mode", button.dataset.mode);
      localStorage.setItem("theme", theme);
    });
  }
}

// Dropdowns ----------------------------------------------------------------------------------
// The theme's markup: a button with data-bs-toggle="dropdown" followed by a .dropdown-menu.

function setupDropdowns() {
  const toggles = document.querySelectorAll('[data-bs-toggle="dropdown"]');
  const menuOf = (toggle) => toggle.parentElement.querySelector(".dropdown-menu");
  const close = (toggle) => {
    toggle.classList.remove("show");
    toggle.setAttribute("aria-expanded", "false");
    menuOf(toggle).classList.remove("show");
  };
  for (const toggle of toggles) {
    const menu = menuOf(toggle);
    toggle.setAttribute("aria-expanded", "false");
    // Placed by the theme's style sheet (right-aligned under the button), not by a script.
    menu.setAttribute("data-bs-popper", "static");
    toggle.addEventListener("click", (event) => {
      event.stopPropagation();
      const opening = !menu.classList.contains("show");
      toggles.forEach(close);
      if (!opening) return;
      toggle.classList.add("show");
      toggle.setAttribute("aria-expanded", "true");
      menu.classList.add("show");
      menu.querySelector(".active, button, a")?.focus();
    });
    menu.addEventListener("click", () => close(toggle));
    menu.addEventListener("keydown", (event) => {
      const items = [...menu.querySelectorAll("button, a")];
      const at = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : items.length - 1;
        items[(at + step) % items.length].focus();
      } else if (event.key === "Escape") {
        event.stopPropagation();
        close(toggle);
        toggle.focus();
      }
    });
  }
  document.addEventListener("click", () => toggles.forEach(close));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") toggles.forEach(close);
  });
}

// Search dialog ------------------------------------------------------------------------------

const onMac = /^(Mac|iPhone|iPad)/.test(navigator.platform);

function closeOnBackdropClick(event) {
  const dialog = event.currentTarget;
  if (!dialog.open) return;
  // A click on the ::backdrop is a click on the dialog outside its own box.
  const box = dialog.getBoundingClientRect();
  const outside =
    event.clientX < box.left || event.clientX > box.right ||
    event.clientY < box.top || event.clientY > box.bottom;
  if (outside) dialog.close();
}

function setupSearch() {
  const dialog = document.getElementById("pst-search-dialog");
  if (!dialog) return;
  const toggle = () => (dialog.open ? dialog.close() : dialog.showModal());
  for (const button of document.querySelectorAll(".search-button__button")) {
    button.addEventListener("click", toggle);
  }
  if (onMac) {
    for (const key of document.querySelectorAll(".search-button__kbd-shortcut kbd:first-child")) {
      key.textContent = "⌘";
    }
  }
  window.addEventListener(
    "keydown",
    (event) => {
      const modifier = onMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
      if (modifier && !event.shiftKey && !event.altKey && /^k$/i.test(event.key)) {
        event.preventDefault();
        toggle();
      }
    },
    true,
  );
  dialog.addEventListener("click", closeOnBackdropClick);
  dialog.addEventListener("keydown", closeOnEscape);
}

// sphinx_highlight.js swallows Escape, so a dialog closes itself.
function closeOnEscape(event) {
  if (event.key !== "Escape") return;
  event.preventDefault();
  event.currentTarget.close();
}

// Sidebars as drawers ------------------------------------------------------------------------
// On a narrow screen the header's two buttons open the sidebars in <dialog>s: the sidebar's
// content moves into the dialog while it is open, and back when it closes.

function moveContent(from, to) {
  to.append(...from.childNodes);
  for (const name of [...from.classList]) {
    from.classList.remove(name);
    to.classList.add(name);
  }
}

function setupDrawers() {
  const drawers = [
    [".primary-toggle", "pst-primary-sidebar-modal", "pst-primary-sidebar"],
    [".secondary-toggle", "pst-secondary-sidebar-modal", "pst-secondary-sidebar"],
  ];
  for (const [toggleSelector, dialogId, sidebarId] of drawers) {
    const toggle = document.querySelector(toggleSelector);
    const dialog = document.getElementById(dialogId);
    const sidebar = document.getElementById(sidebarId);
    if (!toggle || !dialog || !sidebar) continue;
    toggle.addEventListener("click", (event) => {
      event.preventDefault();
      moveContent(sidebar, dialog);
      dialog.showModal();
      toggle.setAttribute("aria-expanded", "true");
      dialog.focus(); // the drawer, not its first link, so no focus ring after a tap
    });
    dialog.addEventListener("click", closeOnBackdropClick);
    dialog.addEventListener("keydown", closeOnEscape);
    dialog.addEventListener("close", async () => {
      toggle.setAttribute("aria-expanded", "false");
      const slides = dialog.getAnimations({ subtree: true }).filter((a) => a.effect?.target === dialog);
      await Promise.allSettled(slides.map((a) => a.finished));
      if (!dialog.open) moveContent(dialog, sidebar);
    });
    // Wide enough for the sidebar to be a column again: an open drawer has nothing to show.
    new ResizeObserver(() => {
      if (dialog.open && getComputedStyle(toggle).display === "none") dialog.close();
    }).observe(toggle);
  }
}

// "On this page" follows the reader ----------------------------------------------------------
// The entry of the last heading that has crossed into the top third of the window is marked
// active (and its parents, which the theme's style sheet then unfolds).

function setupPageToc() {
  const toc = document.getElementById("pst-page-toc-nav");
  if (!toc) return;
  const links = [...toc.querySelectorAll("a[href^='#']")];
  const entries = [...toc.querySelectorAll(".toc-entry")];
  const linkOf = new Map();
  for (const link of links) {
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) linkOf.set(target.querySelector("h1, h2, h3, h4, h5, h6") || target, link);
  }
  let followingScroll = true;
  const activate = (active) => {
    for (const link of links) {
      link.classList.toggle("active", link === active);
      if (link === active) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
    for (const entry of entries) entry.classList.toggle("active", entry.contains(active));
  };
  const fromHash = () => {
    const link = links.find((l) => l.hash === window.location.hash);
    if (!link) return;
    activate(link);
    // The jump to the heading scrolls past others: let it land before following again.
    followingScroll = false;
    setTimeout(() => (followingScroll = true), 1000);
  };
  fromHash();
  window.addEventListener("hashchange", fromHash);
  for (const type of ["wheel", "touchstart", "keydown", "mousedown"]) {
    window.addEventListener(type, () => (followingScroll = true), { passive: true });
  }
  // The header's height, from the theme's own variable (in rem): read from the style, which
  // does not make the browser lay the page out again.
  const style = getComputedStyle(document.documentElement);
  const header = parseFloat(style.getPropertyValue("--pst-header-height")) || 4;
  const headerPx = Math.round(header * parseFloat(style.fontSize));
  const observer = new IntersectionObserver(
    (changes) => {
      const entering = changes.filter((change) => change.isIntersecting).pop();
      if (followingScroll && entering) activate(linkOf.get(entering.target));
    },
    { rootMargin: `-${headerPx}px 0px -70% 0px` },
  );
  linkOf.forEach((_, heading) => observer.observe(heading));
}

// Code that scrolls sideways takes the keyboard's focus --------------------------------------
// Every code block comes in the tab order (docs/_ext/code_spans.py); a block that fits is taken
// out of it once the browser has laid it out (a ResizeObserver), never measured ahead of that.

function setupScrollableBlocks() {
  const observer = new ResizeObserver((changes) => {
    for (const { target } of changes) {
      const scrolls = target.scrollWidth > target.clientWidth || target.scrollHeight > target.clientHeight;
      if (scrolls && target.tabIndex !== 0) target.tabIndex = 0;
      else if (!scrolls && target.hasAttribute("tabindex")) target.removeAttribute("tabindex");
    }
  });
  for (const block of document.querySelectorAll("pre, .pst-scrollable-table-container")) {
    observer.observe(block);
  }
}

// Back to top --------------------------------------------------------------------------------
// Shown while the reader scrolls up, once past the header.

function setupBackToTop() {
  const button = document.getElementById("pst-back-to-top");
  if (!button) return;
  button.addEventListener("click", () => window.scrollTo({ top: 0 }));
  let last = window.scrollY;
  window.addEventListener(
    "scroll",
    () => {
      const up = window.scrollY < last;
      button.style.display = up && window.scrollY > 64 ? "block" : "none";
      last = window.scrollY;
    },
    { passive: true },
  );
}

// Names for the sidebar's fold buttons -------------------------------------------------------
// The theme's sidebar opens and closes a section with a <summary> that holds only an arrow icon,
// which a screen reader can only call "disclosure triangle". Each is named after the section it
// opens (the link beside it), in the page's own words.

function nameSidebarFolds() {
  for (const summary of document.querySelectorAll("details > summary")) {
    if (summary.textContent.trim() || summary.hasAttribute("aria-label")) continue;
    const link = summary.parentElement.parentElement.querySelector(":scope > a");
    if (link) summary.setAttribute("aria-label", link.textContent.trim());
  }
}

// The rest of a lesson, drawn while the browser is idle ---------------------------------------
// site.css leaves a lesson's sections undrawn until the reader comes near them, which spares the
// first seconds of a phone's main thread. Once the page has loaded, the sections are drawn one
// per idle moment (one short task each), so that soon the whole page is laid out, as tools that
// read it expect (a contrast checker reads the colours behind each piece of text).

function drawRemainingSections() {
  const sections = [...document.querySelectorAll("section.sphx-glr-example-title > section")];
  const drawNext = () => {
    sections.shift()?.classList.add("nn-drawn");
    if (sections.length) whenIdle(drawNext);
  };
  whenIdle(drawNext);
}

const whenIdle = window.requestIdleCallback || ((work) => setTimeout(work, 50));

// What a click or key needs is set up at once (listeners only: nothing is drawn or measured);
// what changes or measures the page waits until the browser has drawn it and is idle, so that
// it never lengthens the first paint's work.
function start() {
  for (const setup of [setupColourMode, setupDropdowns, setupSearch, setupDrawers, setupBackToTop]) {
    setup();
  }
  for (const setup of [setupPageToc, setupScrollableBlocks, nameSidebarFolds]) whenIdle(setup);
  if (document.readyState === "complete") drawRemainingSections();
  else window.addEventListener("load", drawRemainingSections);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
