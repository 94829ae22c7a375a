// 如何引用: put today's date into the citations and offer a copy button (the page reads fine without it).
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  function start() {
    var now = new Date();
    var iso = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var zh = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" + now.getDate() + "日";
    document.querySelectorAll(".jl-cite-text[data-template]").forEach(function (cite) {
      cite.textContent = cite.getAttribute("data-template").split("{access_date}").join(iso).split("{access_date_zh}").join(zh);
      var button = cite.parentElement.querySelector(".jl-copy");
      if (!button || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(cite.textContent).then(function () {
          button.textContent = "已复制";
          setTimeout(function () { button.textContent = "复制"; }, 2000);
        }, function () { button.textContent = "复制失败，请手动选择"; });
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
