/* On a narrow screen a wide table scrolls sideways inside its own box (escalation.css). A box that scrolls must be
   reachable from the keyboard, so a table that overflows and holds nothing focusable becomes focusable itself,
   named by its caption or else by the heading before it. Checked again when the window changes size. */
(function () {
  "use strict";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function headingBefore(table) {
    var node = table.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
    if (!node) return "Table";
    var copy = node.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (link) { link.remove(); });
    return copy.textContent.trim() || "Table";
  }

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table"), function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex") && !table.querySelector(FOCUSABLE)) {
        table.setAttribute("tabindex", "0");
        table.setAttribute("data-ref-scroll", "");
        if (!table.caption && !table.hasAttribute("aria-label")) table.setAttribute("aria-label", headingBefore(table));
      } else if (!scrolls && table.hasAttribute("data-ref-scroll")) {
        table.removeAttribute("tabindex");
        table.removeAttribute("data-ref-scroll");
      }
    });
  }

  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; update(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  window.addEventListener("resize", later);
})();
