// Sortable and filterable tables, for tables the macros mark with data-lis-sortera.
// Sorting uses Swedish collation (å, ä, ö after z) with numbers in numeric order.
(function () {
  "use strict";

  var collator = new Intl.Collator("sv", { numeric: true, sensitivity: "base" });

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function sortBy(table, index, button) {
    var th = button.parentNode;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var result = collator.compare(cellText(a, index), cellText(b, index));
      return ascending ? result : -result;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }

  function addFilter(table, number) {
    var id = "lis-filter-" + number;
    var box = document.createElement("p");
    box.className = "lis-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = "Filtrera tabellen: ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    var status = document.createElement("span");
    status.className = "lis-filter__antal";
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(box, anchor);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = words.length ? " " + shown + " av " + table.tBodies[0].rows.length + " rader visas" : "";
    });
  }

  function setup() {
    document.querySelectorAll("table[data-lis-sortera]").forEach(function (table, number) {
      if (table.hasAttribute("data-lis-klar") || !table.tBodies.length) { return; }
      table.setAttribute("data-lis-klar", "");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "lis-sortera";
        button.textContent = th.textContent;
        button.title = "Sortera efter " + th.textContent;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, button); });
      });
      if (table.tBodies[0].rows.length > 5) { addFilter(table, number); }
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
