// The reviewer's report: sort a table by a column, filter rows or dossiers by text and status.
// Runs from disk without a server and fetches nothing; the page stays whole without it.
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-CN", { numeric: true });

  function sortKey(cell) {
    var key = cell.getAttribute("data-sort");
    return key === null ? cell.textContent.trim() : key;
  }

  function sortBy(table, column, th) {
    var heads = table.tHead.rows[0].cells;
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir);
    var numeric = th.hasAttribute("data-numeric");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
      var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : collator.compare(x, y);
      return dir === "ascending" ? c : -c;
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    body.appendChild(frag);
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = th.querySelector("button");
      if (button) button.addEventListener("click", function () { sortBy(table, column, th); });
    });
  });

  // A filter names its targets: the rows of a table (data-rows) or blocks (data-items).
  function applyFilter(controls) {
    var text = controls.querySelector("input[type=search]");
    var select = controls.querySelector("select");
    var words = (text ? text.value : "").trim().toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = select ? select.value : "";
    var items = document.querySelectorAll(controls.getAttribute("data-targets"));
    var shown = 0;
    items.forEach(function (item) {
      var hay = item.textContent.toLowerCase();
      var ok = words.every(function (w) { return hay.indexOf(w) >= 0; }) &&
        (!wanted || (item.getAttribute("data-status") || "").split(" ").indexOf(wanted) >= 0);
      item.hidden = !ok;
      if (ok) shown++;
    });
    var count = controls.querySelector(".count");
    if (count) {
      count.textContent = count.getAttribute("data-template")
        .replace("{n}", shown).replace("{total}", items.length);
    }
  }

  document.querySelectorAll(".controls[data-targets]").forEach(function (controls) {
    controls.querySelectorAll("input, select").forEach(function (el) {
      el.addEventListener("input", function () { applyFilter(controls); });
      el.addEventListener("change", function () { applyFilter(controls); });
    });
    applyFilter(controls);
  });

  // "Show dossiers" in the projects table: filter the dossiers by the project's code or name.
  document.querySelectorAll("a[data-show]").forEach(function (link) {
    link.addEventListener("click", function () {
      var controls = document.getElementById("dossier-controls");
      var box = controls && controls.querySelector("input[type=search]");
      if (box) { box.value = link.getAttribute("data-show"); applyFilter(controls); }
    });
  });
})();
