// Accessibility fixes for Material's generated markup (WCAG 2.1 AA, checked by axe in the tests).
(function () {
  "use strict";

  // Wide tables scroll sideways inside a wrapper; keyboard users must be able to reach and
  // scroll it (axe rule scrollable-region-focusable), and screen readers need its name.
  function labelScrollRegions() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) { return; }
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("aria-label", caption ? caption.textContent : "Tabell");
    });
  }

  // Checklists: each read-only checkbox is named by its item's text (axe rule label).
  function labelChecklists() {
    document.querySelectorAll(".task-list-item").forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      if (box && !box.hasAttribute("aria-label")) {
        box.setAttribute("aria-label", item.textContent.trim());
      }
    });
  }

  function fix() {
    labelScrollRegions();
    labelChecklists();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(fix);
  } else {
    document.addEventListener("DOMContentLoaded", fix);
  }
})();
