// Enhancements only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A print button shows only where it works.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
});
