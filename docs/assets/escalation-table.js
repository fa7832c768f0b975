/* The table component: every table.ref-component with an id (built by macros/render/tables.py) gets sort buttons in
   its column headers, a filter for each column that lists its values (th[data-options]), a search box and a row
   count. The state lives in the page's query, prefixed by the table's id, so a view can be linked:
     ?escalation-index.tier=Red&escalation-index.sort=-arr-at-risk&escalation-index.q=harbor
   Sort keys come from the build (td[data-sort]); this script never parses the text it shows. A filter matches a
   cell's data-filter, or its text when the build left that out because the two are the same.
   A long table is shown a page at a time (PAGE_SIZE rows, then "Show more"): the browser lays out only the rows
   shown, so sorting and filtering thousands of rows stays quick. Without the script every row is shown. The table is complete
   without this script: it only hides and reorders rows. No third-party code.
   A very long table (macros/render/table_payload.py) holds only its first rows as HTML and every row as JSON in the
   script block its data-rows attribute names: then the rows are sorted, filtered and searched as data, and only
   the rows shown are built, from cell HTML the build escaped (this script escapes nothing). Its page size is its
   data-page-size. Without the script, its page links plain listing pages of every row. */
(function () {
  "use strict";

  var NUMERIC = { number: true, money: true, duration: true, tier: true };
  var PAGE_SIZE = 100;
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  function byValue(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  // The JSON payload (layout in macros/render/table_payload.py): [count, columns, attributes], a column being
  // [prefix, suffix, cells, indexes], a cell the middle of its HTML, or [middle, nowrap, text, sort, filter].
  var TAG = /<[^>]*>/g;
  function entryPart(entry, index) { return typeof entry === "string" || entry[index] == null ? null : entry[index]; }

  function readPayload(block) {
    var data = JSON.parse(block.textContent);
    var attributes = {};
    data[2].forEach(function (pair) { attributes[pair[0]] = pair[1]; });
    return { count: data[0], columns: data[1], attributes: attributes };
  }

  function Component(table) {
    this.table = table;
    this.id = table.id;
    this.prefix = table.id + ".";
    this.body = table.tBodies[0];
    // A long table's rows are read from its JSON block when first needed (see load), not before it is ready.
    var source = table.getAttribute("data-rows");
    this.source = source ? document.getElementById(source) : null;
    this.data = null;
    this.pageSize = parseInt(table.getAttribute("data-page-size"), 10) || PAGE_SIZE;
    this.rows = this.source ? null : Array.prototype.slice.call(this.body.rows);
    this.total = this.source ? parseInt(table.getAttribute("data-total"), 10) : this.rows.length;
    // The rows the build wrote as HTML are the payload's first rows: they are used as they are.
    this.built = this.source ? Array.prototype.slice.call(this.body.rows) : null;
    this.order = null;
    this.limit = this.pageSize;
    this.nouns = [table.getAttribute("data-noun") || "row", table.getAttribute("data-nouns") || "rows"];
    this.headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    this.columns = this.headers.map(function (header, index) {
      var options = header.getAttribute("data-options");
      return {
        index: index,
        header: header,
        key: header.getAttribute("data-key") || "column-" + index,
        kind: header.getAttribute("data-kind") || "text",
        label: header.textContent.trim(),
        options: options ? JSON.parse(options) : null,
        sortKeys: null,
        filterValues: null,
      };
    });
    this.state = { sort: "", descending: false, search: "", filters: {} };
    this.selects = {};
    this.searchText = null;
    this.counter = document.querySelector('.ref-count[data-for="' + this.id + '"]');
    this.panel = document.querySelector('.ref-filters[data-for="' + this.id + '"]');
  }

  Component.prototype.column = function (key) {
    for (var i = 0; i < this.columns.length; i += 1) if (this.columns[i].key === key) return this.columns[i];
    return null;
  };

  Component.prototype.setUp = function () {
    var self = this;
    this.readUrl();
    if (this.panel) this.buildPanel();
    if (this.total > this.pageSize) this.buildMore();
    this.columns.forEach(function (column) {
      // The heading stays a column header (aria-sort belongs there); a button inside it does the sorting, so it
      // is reached with Tab and pressed with Enter or Space like any other button.
      var header = column.header;
      if (!header.textContent.trim()) return;
      header.classList.add("ref-sortable");
      var button = element("button", { type: "button", class: "ref-sort" });
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      // A click anywhere in the heading sorts too (the button may not fill its cell).
      header.addEventListener("click", function (event) { if (event.target === header) button.click(); });
      button.addEventListener("click", function () {
        var descending = self.state.sort === column.key ? !self.state.descending : false;
        self.state.sort = column.key;
        self.state.descending = descending;
        self.sort();
        self.writeUrl();
      });
    });
    var plain = !this.state.search && !Object.keys(this.state.filters).length;
    if (this.state.sort) this.sort();
    else if (this.source && plain) this.count(this.total, Math.min(this.pageSize, this.total)); // shown as built
    else this.filter();
    if (window.location.hash) this.reveal(window.location.hash.slice(1));
    // The moment the table is ready to use, for the benchmark (tests/benchmarks/bench_tables.py).
    if (window.performance && performance.mark) performance.mark("ref-table-ready:" + this.id);
  };

  // A link to a row (commitments/#C-0150) shows that row however far down the table it is: the rows are listed
  // down to it, and a long table builds it from its JSON first. A row the view's filters leave out stays hidden.
  Component.prototype.reveal = function (fragment) {
    var id;
    try { id = decodeURIComponent(fragment); } catch (error) { return false; }
    var target = document.getElementById(id);
    if (target && !this.table.contains(target)) return false;
    if (target && !target.closest("tr[hidden]")) return true; // shown already: the browser scrolls to it
    this.load();
    var index = this.data ? this.dataRowWithId(id) : this.rows.findIndex(function (row) { return row.contains(target); });
    if (index < 0) return false;
    var position = this.order.indexOf(index) + 1;
    this.limit = Math.max(this.limit, Math.ceil(position / this.pageSize) * this.pageSize);
    this.filter(true);
    target = document.getElementById(id);
    if (!target || target.closest("tr[hidden]")) return false;
    target.scrollIntoView({ block: "center" });
    return true;
  };

  // The row of a long table whose cell HTML holds the element with this id, or -1.
  Component.prototype.dataRowWithId = function (id) {
    var needle = 'id="' + id + '"';
    for (var c = 0; c < this.data.columns.length; c += 1) {
      var data = this.data.columns[c];
      if (!data) continue;
      for (var e = 0; e < data[2].length; e += 1) {
        var entry = data[2][e];
        if ((data[0] + (typeof entry === "string" ? entry : entry[0]) + data[1]).indexOf(needle) < 0) continue;
        return data[3] ? data[3].indexOf(e) : e;
      }
    }
    return -1;
  };

  Component.prototype.buildPanel = function () {
    var self = this;
    var search = element("label", { class: "ref-search" }, "Search ");
    var input = element("input", { type: "search", "aria-label": "Search " + this.nouns[1], "data-for": this.id });
    input.value = this.state.search;
    input.addEventListener("input", function () {
      self.state.search = input.value;
      self.filter();
      self.writeUrl();
    });
    search.appendChild(input);
    this.panel.appendChild(search);
    this.searchInput = input;
    this.columns.forEach(function (column) {
      if (!column.options) return;
      var label = element("label", {}, column.label + " ");
      var select = element("select", { "aria-label": column.label, "data-key": column.key });
      select.appendChild(element("option", { value: "" }, "All"));
      var wanted = self.state.filters[column.key];
      var values = column.options.slice();
      if (wanted && values.indexOf(wanted) < 0) values.push(wanted); // a linked value no row has: shown, not lost
      values.forEach(function (value) { select.appendChild(element("option", { value: value }, value)); });
      select.value = wanted || "";
      select.addEventListener("change", function () {
        if (select.value) self.state.filters[column.key] = select.value;
        else delete self.state.filters[column.key];
        self.filter();
        self.writeUrl();
      });
      label.appendChild(select);
      self.panel.appendChild(label);
      self.selects[column.key] = select;
    });
    var reset = element("button", { type: "button", class: "ref-reset" }, "Show all");
    reset.addEventListener("click", function () { self.reset(); });
    this.panel.appendChild(reset);
    this.panel.hidden = false;
  };

  Component.prototype.buildMore = function () {
    var self = this;
    this.more = element("button", { type: "button", class: "ref-more", "aria-controls": this.id });
    this.more.addEventListener("click", function () {
      self.limit += self.pageSize;
      self.filter(true);
    });
    var holder = this.table.parentNode;
    holder.insertBefore(this.more, this.table.nextSibling);
  };

  Component.prototype.reset = function () {
    var self = this;
    this.state = { sort: "", descending: false, search: "", filters: {} };
    if (this.searchInput) this.searchInput.value = "";
    Object.keys(this.selects).forEach(function (key) { self.selects[key].value = ""; });
    this.sort();
    this.writeUrl();
  };

  Component.prototype.readUrl = function () {
    var self = this;
    var params = new URLSearchParams(window.location.search);
    params.forEach(function (value, name) {
      if (name.indexOf(self.prefix) !== 0) return;
      var key = name.slice(self.prefix.length);
      if (key === "sort") {
        var descending = value.charAt(0) === "-";
        var column = self.column(descending ? value.slice(1) : value);
        if (column) {
          self.state.sort = column.key;
          self.state.descending = descending;
        }
      } else if (key === "q") {
        self.state.search = value;
      } else if (self.column(key) && value) {
        self.state.filters[key] = value;
      }
    });
  };

  Component.prototype.writeUrl = function () {
    var self = this;
    var params = new URLSearchParams(window.location.search);
    var names = [];
    params.forEach(function (value, name) { if (name.indexOf(self.prefix) === 0) names.push(name); });
    names.forEach(function (name) { params.delete(name); });
    Object.keys(this.state.filters).forEach(function (key) { params.set(self.prefix + key, self.state.filters[key]); });
    if (this.state.sort) params.set(self.prefix + "sort", (this.state.descending ? "-" : "") + this.state.sort);
    if (this.state.search) params.set(self.prefix + "q", this.state.search);
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  };

  // Reads a long table's JSON block, once; every row is then a row number.
  Component.prototype.load = function () {
    if (this.order) return;
    if (this.source) {
      this.data = readPayload(this.source);
      this.total = this.data.count;
      this.rows = [];
      for (var i = 0; i < this.total; i += 1) this.rows.push(i);
    }
    this.order = this.rows.map(function (_, i) { return i; });
  };

  Component.prototype.entry = function (i, column) {
    var data = this.data.columns[column.index];
    if (!data) return undefined;
    return data[2][data[3] ? data[3][i] : i];
  };

  Component.prototype.entryHtml = function (column, entry) {
    var data = this.data.columns[column.index];
    return data[0] + (typeof entry === "string" ? entry : entry[0]) + data[1];
  };

  Component.prototype.entryText = function (column, entry) {
    var text = entryPart(entry, 2);
    return text === null ? this.entryHtml(column, entry).replace(TAG, "") : text;
  };

  Component.prototype.filterValues = function (column) {
    var self = this;
    if (!column.filterValues && this.data) {
      column.filterValues = this.rows.map(function (row) {
        var entry = self.entry(row, column);
        if (entry === undefined) return "";
        var value = entryPart(entry, 4);
        return value === null ? self.entryText(column, entry) : value;
      });
    }
    if (!column.filterValues) {
      column.filterValues = this.rows.map(function (row) {
        var cell = row.cells[column.index];
        if (!cell) return "";
        var value = cell.getAttribute("data-filter");
        return value === null ? cell.textContent.replace(/\s+/g, " ").trim() : value;
      });
    }
    return column.filterValues;
  };

  Component.prototype.rowTexts = function () {
    var self = this;
    if (this.data) {
      return this.rows.map(function (row) {
        return self.columns.map(function (column) {
          var entry = self.entry(row, column);
          return entry === undefined ? "" : self.entryText(column, entry);
        }).join(" ").replace(/\s+/g, " ").toLowerCase();
      });
    }
    return this.rows.map(function (row) { return row.textContent.replace(/\s+/g, " ").toLowerCase(); });
  };

  Component.prototype.filter = function (keepLimit) {
    var self = this;
    this.load();
    if (!keepLimit) this.limit = this.pageSize;
    var active = Object.keys(this.state.filters)
      .map(function (key) { return [self.filterValues(self.column(key)), self.state.filters[key]]; });
    var words = this.state.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length && !this.searchText) this.searchText = this.rowTexts();
    if (this.data) return this.filterData(active, words);
    var matched = 0;
    var paged = this.rows.length > this.pageSize;
    var listed = document.createDocumentFragment();
    for (var n = 0; n < this.order.length; n += 1) {
      var i = this.order[n];
      var visible = true;
      for (var f = 0; f < active.length && visible; f += 1) visible = active[f][0][i] === active[f][1];
      for (var w = 0; w < words.length && visible; w += 1) visible = this.searchText[i].indexOf(words[w]) >= 0;
      if (visible) matched += 1;
      var shown = visible && (!paged || matched <= this.limit);
      if (this.rows[i].hidden === shown) this.rows[i].hidden = !shown;
      if (shown) listed.appendChild(this.rows[i]);
    }
    // Only the rows shown move, to the top in order; the hidden ones keep any place (they are placed when shown).
    this.body.insertBefore(listed, this.body.firstChild);
    this.count(matched, Math.min(matched, paged ? this.limit : matched));
  };

  // The payload's rows: every row is matched as data, and only those shown are built (once each) and listed.
  Component.prototype.filterData = function (active, words) {
    var shown = [];
    var matched = 0;
    for (var n = 0; n < this.order.length; n += 1) {
      var i = this.order[n];
      var visible = true;
      for (var f = 0; f < active.length && visible; f += 1) visible = active[f][0][i] === active[f][1];
      for (var w = 0; w < words.length && visible; w += 1) visible = this.searchText[i].indexOf(words[w]) >= 0;
      if (!visible) continue;
      matched += 1;
      if (shown.length < this.limit) shown.push(i);
    }
    var listed = document.createDocumentFragment();
    this.buildRows(shown).forEach(function (row) { listed.appendChild(row); });
    this.body.textContent = "";
    this.body.appendChild(listed);
    this.count(matched, shown.length);
  };

  // The <tr> of these rows: those not built yet are parsed together, from cell HTML the build escaped
  // (table_payload.py), then given their attributes through the DOM; each row is built once.
  Component.prototype.buildRows = function (indexes) {
    var self = this;
    var missing = indexes.filter(function (i) { return !self.built[i]; });
    if (missing.length) {
      var scratch = document.createElement("template");
      scratch.innerHTML = missing.map(function (i) {
        return "<tr>" + self.columns.map(function (column) {
          var entry = self.entry(i, column);
          return "<td>" + (entry === undefined ? "" : self.entryHtml(column, entry)) + "</td>";
        }).join("") + "</tr>";
      }).join("");
      var rows = Array.prototype.slice.call(scratch.content.children);
      missing.forEach(function (i, n) { self.built[i] = self.finishRow(rows[n], i); });
    }
    return indexes.map(function (i) { return self.built[i]; });
  };

  Component.prototype.finishRow = function (row, i) {
    var self = this;
    (this.data.attributes[i] || []).forEach(function (pair) { row.setAttribute(pair[0], pair[1]); });
    this.columns.forEach(function (column) {
      var entry = self.entry(i, column);
      var cell = row.cells[column.index];
      if (entry === undefined || !cell) return;
      if (typeof entry !== "string" && entry[1] === 1) cell.className = "ref-nowrap";
      var sort = entryPart(entry, 3);
      var value = entryPart(entry, 4);
      if (sort) cell.setAttribute("data-sort", sort);
      if (value !== null) cell.setAttribute("data-filter", value);
    });
    return row;
  };

  Component.prototype.count = function (matched, shown) {
    var total = this.total;
    if (this.more) {
      var next = Math.min(this.pageSize, matched - shown);
      this.more.hidden = next <= 0;
      this.more.textContent = "Show " + next.toLocaleString("en") + " more";
    }
    if (!this.counter) return;
    var noun = total === 1 ? this.nouns[0] : this.nouns[1];
    var number = function (value) { return value.toLocaleString("en"); };
    var text = matched === total ? number(total) + " " + noun + "." : number(matched) + " of " + number(total) + " " + noun + " shown.";
    if (shown < matched) text += " The first " + number(shown) + " are listed.";
    this.counter.textContent = text;
  };

  Component.prototype.sortKeys = function (column) {
    var self = this;
    var numeric = NUMERIC[column.kind] === true;
    var text = column.kind === "text";
    if (!column.sortKeys && this.data) {
      // A long table sorts by rank: its column's distinct cells are sorted once, and equal keys share a rank, so
      // sorting the rows compares numbers and ties keep the rows' order as they do for a short table.
      var data = this.data.columns[column.index];
      var entries = data ? data[2] : [];
      var keys = entries.map(function (entry) {
        var key = entryPart(entry, 3);
        if (key === null || key === "") {
          if (!text) return null;
          key = self.entryText(column, entry).trim();
          return key === "" || key === "\u2014" ? null : key;
        }
        return numeric ? parseFloat(key) : key;
      });
      var compare = text ? collator.compare : byValue;
      var sorted = [];
      keys.forEach(function (key, e) { if (key !== null) sorted.push(e); });
      sorted.sort(function (a, b) { return compare(keys[a], keys[b]); });
      var ranks = keys.map(function () { return null; });
      for (var n = 0, rank = -1; n < sorted.length; n += 1) {
        if (n === 0 || compare(keys[sorted[n - 1]], keys[sorted[n]]) !== 0) rank += 1;
        ranks[sorted[n]] = rank;
      }
      column.sortKeys = this.rows.map(function (i) {
        if (!data) return null;
        return ranks[data[3] ? data[3][i] : i];
      });
    }
    if (!column.sortKeys) {
      column.sortKeys = this.rows.map(function (row) {
        var cell = row.cells[column.index];
        if (!cell) return null;
        var key = cell.getAttribute("data-sort");
        if (key === null || key === "") {
          if (!text) return null;
          key = cell.textContent.trim();
          return key === "" || key === "\u2014" ? null : key;
        }
        return numeric ? parseFloat(key) : key;
      });
    }
    return column.sortKeys;
  };

  Component.prototype.sort = function () {
    var self = this;
    this.load();
    var column = this.state.sort ? this.column(this.state.sort) : null;
    this.columns.forEach(function (c) { c.header.removeAttribute("aria-sort"); });
    var indexes = this.rows.map(function (_, i) { return i; });
    if (column) {
      column.header.setAttribute("aria-sort", this.state.descending ? "descending" : "ascending");
      var keys = this.sortKeys(column);
      var sign = this.state.descending ? -1 : 1;
      var compare = column.kind === "text" && !this.data ? collator.compare : byValue; // a long table's keys are ranks
      indexes.sort(function (a, b) {
        var x = keys[a];
        var y = keys[b];
        if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1; // no value: last either way
        return sign * compare(x, y) || a - b;
      });
    }
    this.order = indexes;
    this.filter(); // lists the rows shown in the new order
  };

  var components = [];
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.ref-component[id]"), function (table) {
      if (!table.tHead || !table.tBodies.length || table.hasAttribute("data-ref-set-up")) return;
      table.setAttribute("data-ref-set-up", "");
      var component = new Component(table);
      components.push(component);
      component.setUp();
    });
  }
  window.addEventListener("hashchange", function () {
    components.some(function (component) { return component.reveal(window.location.hash.slice(1)); });
  });
  // The script loads at the end of the body, so every table is already parsed: set them up now, before the
  // page's other scripts run, and once more when the document is complete for any table written after it.
  init();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
})();
