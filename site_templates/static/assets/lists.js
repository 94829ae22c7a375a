// 筛选本页: the filter box of a long list (macro list_filter in _macros.md.j2). It hides the rows
// ([data-jl-items] > tbody > tr) and items ([data-jl-items] > li) of this page that do not contain every
// word typed, and the groups ([data-jl-group], e.g. one region's enterprises) left empty. A row matches by
// its own text or by the name of its group. Where the box asks for it (data-jl-choose), a list of the
// groups lets the reader keep one. Without JavaScript the box stays hidden and the whole list shows.
(function () {
  "use strict";

  function normal(text) {  // full-width letters and digits as half-width, case and spaces ignored
    return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  function setup(box) {
    var input = box.querySelector("input");
    var status = box.querySelector(".jl-listfilter-status");
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-jl-group]"));
    var items = Array.prototype.slice.call(document.querySelectorAll(
      "[data-jl-items] > tbody > tr, [data-jl-items] > li")).map(function (row) {
      var group = row.closest("[data-jl-group]");
      return { row: row, group: group, text: normal(row.textContent + " " + (group ? group.getAttribute("data-jl-group") : "")) };
    });
    var choice = null;
    if (box.hasAttribute("data-jl-choose") && groups.length > 1) {
      var field = document.createElement("span");
      field.className = "jl-listfilter-field";
      var label = document.createElement("label");
      label.htmlFor = "jl-filter-group";
      label.textContent = box.getAttribute("data-jl-choose");
      choice = document.createElement("select");
      choice.id = "jl-filter-group";
      choice.add(new Option("全部", ""));
      groups.forEach(function (group, i) { choice.add(new Option(group.getAttribute("data-jl-group"), String(i))); });
      field.appendChild(label);
      field.appendChild(choice);
      box.querySelector(".jl-listfilter-row").appendChild(field);
    }

    function apply() {
      var words = input.value.split(/\s+/).map(normal).filter(Boolean);
      var chosen = choice && choice.value !== "" ? groups[Number(choice.value)] : null;
      var shown = 0;
      var alive = new Set();
      items.forEach(function (item) {
        var keep = (!chosen || item.group === chosen) && words.every(function (w) { return item.text.indexOf(w) >= 0; });
        item.row.hidden = !keep;
        if (keep) { shown += 1; if (item.group) { alive.add(item.group); } }
      });
      groups.forEach(function (group) { group.hidden = !alive.has(group); });
      var filtering = words.length > 0 || chosen;
      status.textContent = !filtering ? "共 " + items.length + " 项。"
        : shown ? "显示 " + shown + " / " + items.length + " 项。" : "本页没有符合条件的项。";
    }

    input.addEventListener("input", apply);
    if (choice) { choice.addEventListener("change", apply); }
    box.hidden = false;
    apply();
  }

  function openTarget() {  // a link to a folded section (#batch-…) opens it
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }

  function start() {
    document.querySelectorAll(".jl-listfilter[hidden]").forEach(setup);
    openTarget();
    window.addEventListener("hashchange", openTarget);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
