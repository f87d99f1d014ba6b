// The unit picker: with JavaScript, a search box (htmx fills #unit-results) sets the
// hidden select that the form submits; without it, the select itself is shown.
(function () {
  "use strict";
  function setup(picker) {
    var select = picker.querySelector("select");
    var search = picker.querySelector("#id_unit_q");
    var results = picker.querySelector("#unit-results");
    var chosen = picker.querySelector("[data-unit-chosen]");
    if (!select || !search || !results || !chosen) return;
    picker.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
    picker.querySelectorAll("[data-no-js]").forEach(function (el) { el.hidden = true; });

    function show() {
      var option = select.options[select.selectedIndex];
      chosen.textContent = option && option.value ? option.text.trim() : chosen.dataset.noneLabel;
    }
    function choose(id, name) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === id; });
      if (!option && id) {
        option = new Option(name, id);
        select.add(option);
      }
      select.value = id;
      results.innerHTML = "";
      search.value = id ? name : "";
      show();
    }
    results.addEventListener("click", function (event) {
      var item = event.target.closest("[data-unit-id]");
      if (item) choose(item.dataset.unitId, item.dataset.unitName);
    });
    picker.querySelector("[data-unit-clear]").addEventListener("click", function () {
      choose("", "");
      search.focus();
    });
    search.addEventListener("keydown", function (event) {
      // Enter picks the first match instead of submitting the whole form.
      if (event.key === "Enter") {
        event.preventDefault();
        var first = results.querySelector("[data-unit-id]");
        if (first) choose(first.dataset.unitId, first.dataset.unitName);
      }
    });
    show();
  }
  function init() { document.querySelectorAll("[data-unit-picker]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
