// Each exercise's worked solution is folded until the reader opens it. In the lesson script a
// text cell holding only "**Solution**" ("**풀이**" in Korean) comes before the solution's code;
// here that paragraph becomes a <details> around the code and what it printed. The notebook
// keeps them as plain cells, after the cell the reader fills in.
document.addEventListener("DOMContentLoaded", () => {
  const labels = ["Solution", "풀이"];
  for (const paragraph of document.querySelectorAll(".bd-article section > p")) {
    const strong = paragraph.firstElementChild;
    if (paragraph.childElementCount !== 1 || strong.tagName !== "STRONG") continue;
    if (paragraph.textContent.trim() !== strong.textContent.trim()) continue;
    if (!labels.includes(strong.textContent.trim())) continue;
    const code = paragraph.nextElementSibling;
    if (!code || !code.matches("div[class*='highlight-']")) continue;
    const details = document.createElement("details");
    details.className = "nn-solution";
    const summary = document.createElement("summary");
    summary.textContent = strong.textContent.trim();
    details.append(summary);
    const output = code.nextElementSibling;
    paragraph.replaceWith(details);
    details.append(code);
    if (output && output.matches(".sphx-glr-script-out")) details.append(output);
  }
});
