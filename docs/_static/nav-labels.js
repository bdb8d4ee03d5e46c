// The theme's sidebar opens and closes a section with a <summary> that holds only an arrow
// icon, which a screen reader can only call "disclosure triangle". Name each one after the
// section it opens (the link beside it), in the page's own words.
document.addEventListener("DOMContentLoaded", () => {
  for (const summary of document.querySelectorAll("details > summary")) {
    if (summary.textContent.trim() || summary.hasAttribute("aria-label")) continue;
    const link = summary.parentElement.parentElement.querySelector(":scope > a");
    if (link) summary.setAttribute("aria-label", link.textContent.trim());
  }
});
