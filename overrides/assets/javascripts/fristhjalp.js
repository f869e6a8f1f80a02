// Offline deadline helper for the incident routines. The rules are read from the page's
// data attribute (generated from data/organisation.yaml); nothing is sent anywhere.
(function () {
  "use strict";

  function addMonths(date, months) {
    var result = new Date(date.getTime());
    var day = result.getDate();
    result.setMonth(result.getMonth() + months);
    if (result.getDate() !== day) { result.setDate(0); } // 31 Jan + 1 month = 28/29 Feb
    return result;
  }

  function format(date) {
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      " kl. " + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function compute(steps, aware) {
    var times = {};
    var results = [];
    steps.forEach(function (step) {
      var start = step.fran === "kännedom" ? aware : times[step.fran];
      if (!start) { return; }
      var end = step.timmar ? new Date(start.getTime() + step.timmar * 3600 * 1000)
                            : addMonths(start, step.manader);
      times[step.id] = end;
      results.push({ namn: step.namn, tid: end });
    });
    return results;
  }

  function setup(box) {
    var steps = JSON.parse(box.getAttribute("data-frister"));
    var input = box.querySelector("input");
    var output = box.querySelector("output");
    input.addEventListener("change", function () {
      var aware = new Date(input.value);
      output.textContent = "";
      if (isNaN(aware.getTime())) { return; }
      var list = document.createElement("ul");
      compute(steps, aware).forEach(function (r) {
        var item = document.createElement("li");
        item.textContent = r.namn + ": senast " + format(r.tid);
        list.appendChild(item);
      });
      output.appendChild(list);
    });
  }

  function init() {
    document.querySelectorAll(".lis-fristhjalp").forEach(setup);
  }

  // Material's instant navigation replaces the page without a load event.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
