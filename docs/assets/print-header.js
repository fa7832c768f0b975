/* Printing a briefing or a monthly review: a running header on every page naming the page (the account or the
   month), the as-of date and "Internal". Pages that carry an as-of date in their print note opt in; page numbers
   for every page come from escalation.css. The text reaches CSS as an escaped string, never as markup. */
(function () {
  "use strict";

  function cssString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n\f]+/g, " ") + '"';
  }

  function init() {
    var note = document.querySelector(".ref-print-note[data-as-of]");
    var heading = document.querySelector(".md-content h1");
    if (!note || !heading) return;
    var title = heading.cloneNode(true);
    Array.prototype.forEach.call(title.querySelectorAll(".headerlink"), function (link) { link.remove(); });
    var header = title.textContent.trim() + " \u00b7 as of " + note.getAttribute("data-as-of") + " \u00b7 Internal";
    var style = document.createElement("style");
    style.setAttribute("data-print-header", "");
    style.textContent = "@page { @top-left { content: " + cssString(header) + "; } }";
    document.head.appendChild(style);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
