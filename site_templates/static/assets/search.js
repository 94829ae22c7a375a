// Search page: Pagefind UI with the query kept in the URL (?q=...), so a search can be shared.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") { return; }
  var base = new URL(root.getAttribute("data-base"), window.location.href).pathname;
  var params = new URLSearchParams(window.location.search);
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[ch];
    });
  }
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: root.getAttribute("data-bundle"),
    baseUrl: base,
    showImages: false,
    showSubResults: false,
    resetStyles: true,
    processResult: function (result) {
      // Show the status badge and the maker in front of the excerpt instead of raw metadata tags.
      var meta = result.meta || {};
      var known = {valid: 1, expiring: 1, expired: 1, withdrawn: 1, negative: 1, tested: 1};
      var prefix = "";
      if (meta.status_code && known[meta.status_code]) {
        prefix += '<span class="jl-badge jl-status-' + meta.status_code + '">' + escapeHtml(meta.status) + "</span> ";
      }
      if (meta.maker) { prefix += '<span class="jl-hit-maker">' + escapeHtml(meta.maker) + "</span> · "; }
      result.excerpt = prefix + result.excerpt;
      result.meta = {title: meta.title};
      return result;
    }
  });
  var input = root.querySelector("input");
  var initial = params.get("q");
  if (initial) { ui.triggerSearch(initial); }
  if (input) {
    input.addEventListener("input", function () {
      var next = new URL(window.location.href);
      if (input.value) { next.searchParams.set("q", input.value); } else { next.searchParams.delete("q"); }
      window.history.replaceState(null, "", next);
    });
  }
}());
