/* Copy buttons for message templates. The page marks each block to copy with `data-copy` (the button's label,
   e.g. "Copy the message of Escalation status update"); this script adds a real button after it and says the
   result in the page's one aria-live status line. Without JavaScript there are no buttons at all: the text is
   selectable as it is. No third-party code. */
(function () {
  "use strict";

  function status() {
    var found = document.getElementById("ref-copy-status");
    if (found) return found;
    found = document.createElement("p");
    found.id = "ref-copy-status";
    found.className = "ref-copy-status";
    found.setAttribute("role", "status");
    found.setAttribute("aria-live", "polite");
    (document.querySelector("article") || document.body).appendChild(found);
    return found;
  }

  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyBySelection(text); });
    }
    return copyBySelection(text);
  }

  function addButton(source) {
    var label = source.getAttribute("data-copy");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ref-copy";
    button.textContent = source.getAttribute("data-copy-short") || "Copy";
    button.setAttribute("aria-label", label);
    button.addEventListener("click", function () {
      var line = status();
      copy(source.textContent).then(function () {
        button.textContent = "Copied";
        line.textContent = label.replace(/^Copy/, "Copied") + " to the clipboard.";
      }, function () {
        line.textContent = "Could not copy: select the text and copy it by hand.";
      });
      window.setTimeout(function () { button.textContent = source.getAttribute("data-copy-short") || "Copy"; }, 2000);
    });
    source.insertAdjacentElement("afterend", button);
  }

  function init() {
    var sources = document.querySelectorAll("[data-copy]");
    if (!sources.length) return;
    status();  // present before the first click, so screen readers announce what is written into it
    Array.prototype.forEach.call(sources, addButton);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
