/* Filters and sorting for tables marked .ref-filterable. The table is complete without this script;
   it only hides rows and reorders them. No third-party code. */
(function () {
  "use strict";

  var FILTERS = [
    ["data-tier", "Tier"],
    ["data-status", "Status"],
    ["data-owner", "Owner"],
    ["data-segment", "Segment"],
    ["data-health", "Health"],
    ["data-open", "Open or closed"],
  ];

  function distinct(rows, attribute) {
    var seen = {};
    rows.forEach(function (row) {
      var value = row.getAttribute(attribute);
      if (value) seen[value] = true;
    });
    return Object.keys(seen).sort();
  }

  function setUp(table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var panel = document.querySelector('.ref-filters[data-for="' + table.id + '"]');
    var counter = document.querySelector('.ref-count[data-for="' + table.id + '"]');
    var selects = [];
    if (panel) {
      FILTERS.forEach(function (filter) {
        var values = distinct(rows, filter[0]);
        if (values.length < 2) return;
        var label = document.createElement("label");
        label.textContent = filter[1] + " ";
        var select = document.createElement("select");
        select.setAttribute("data-attribute", filter[0]);
        select.setAttribute("aria-label", filter[1]);
        var any = document.createElement("option");
        any.value = "";
        any.textContent = "All";
        select.appendChild(any);
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value;
          select.appendChild(option);
        });
        select.addEventListener("change", apply);
        label.appendChild(select);
        panel.appendChild(label);
        selects.push(select);
      });
      panel.hidden = false;
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (select) {
          return !select.value || row.getAttribute(select.getAttribute("data-attribute")) === select.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (counter) counter.textContent = shown + " of " + rows.length + " escalations shown.";
    }

    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, index) {
      // The heading stays a column header (aria-sort belongs there); a button inside it does the sorting, so it
      // is reached with Tab and pressed with Enter or Space like any other button.
      header.classList.add("ref-sortable");
      header.setAttribute("aria-sort", "none");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ref-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      function sort() {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = rows.map(function (row) {
          var cell = row.cells[index];
          var marked = cell.querySelector("[data-sort]");
          var key = marked ? marked.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
          var number = parseFloat(key);
          return { row: row, key: marked && !isNaN(number) && /^-?[0-9.]+$/.test(key) ? number : key };
        });
        keyed.sort(function (a, b) {
          if (a.key < b.key) return ascending ? -1 : 1;
          if (a.key > b.key) return ascending ? 1 : -1;
          return 0;
        });
        keyed.forEach(function (item) { body.appendChild(item.row); });
        rows = keyed.map(function (item) { return item.row; });
      }
      button.addEventListener("click", sort);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.ref-filterable[id]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
