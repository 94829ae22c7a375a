// 如何引用: put today's date into the citations, in Beijing time as the build dates the data; a click on a
// citation selects it; a copy button shows only where the browser lets a page write to the clipboard (the
// clipboard API needs HTTPS or localhost). The page reads fine without this script.
(function () {
  "use strict";
  // Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so the reader's own time zone is irrelevant.
  var BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

  function beijingToday() {
    var shifted = new Date(Date.now() + BEIJING_OFFSET_MS);
    return {year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate()};
  }

  function pad(n) { return String(n).padStart(2, "0"); }

  function selectAll(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function offerCopy(cite, button) {
    if (!navigator.clipboard || !window.isSecureContext) { return; }  // the button stays hidden
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(cite.textContent).then(function () {
        button.textContent = "已复制";
        setTimeout(function () { button.textContent = "复制"; }, 2000);
      }, function () {
        selectAll(cite);
        button.textContent = "已选中，请按 Ctrl+C 复制";
      });
    });
  }

  function start() {
    var today = beijingToday();
    var iso = today.year + "-" + pad(today.month) + "-" + pad(today.day);
    var zh = today.year + "年" + today.month + "月" + today.day + "日";
    document.querySelectorAll(".jl-cite-text[data-template]").forEach(function (cite) {
      cite.textContent = cite.getAttribute("data-template").split("{access_date}").join(iso).split("{access_date_zh}").join(zh);
      // A click selects the whole citation; a drag that selected part of it is left alone.
      cite.addEventListener("click", function () {
        if (window.getSelection().isCollapsed) { selectAll(cite); }
      });
      var button = cite.parentElement.querySelector(".jl-copy");
      if (button) { offerCopy(cite, button); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
