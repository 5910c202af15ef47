// wreg's own script: copy buttons. Pages work without it; the buttons stay hidden then.
(function () {
  "use strict";

  function copyText(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) {
      return;
    }
    var text = target.textContent.replace(/\s+$/, "");
    var done = function (ok) {
      button.textContent = ok ? "Copied" : "Copy failed";
      button.setAttribute("data-copied", ok ? "true" : "false");
      window.setTimeout(function () {
        button.textContent = "Copy";
      }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(
        function () { done(true); },
        function () { done(false); }
      );
    } else {
      done(false);
    }
  }

  function enable(root) {
    var buttons = root.querySelectorAll("button.copy[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      if (button.getAttribute("data-ready")) {
        continue;
      }
      button.setAttribute("data-ready", "true");
      button.setAttribute("aria-live", "polite");
      button.hidden = false;
      button.addEventListener("click", function (event) {
        copyText(event.currentTarget);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    enable(document);
  });
  // Content swapped in by htmx gets its buttons too.
  document.addEventListener("htmx:afterSettle", function (event) {
    enable(event.target);
  });
})();
