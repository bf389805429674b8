// Enhancements only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A print button shows only where it works.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  // A chooser that reloads the page (the step of a development form)
  // does so as soon as a choice is made; its button is for pages without
  // this file.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (f) {
    f.querySelectorAll("[data-autosubmit-button]").forEach(function (b) { b.hidden = true; });
    f.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { f.submit(); });
    });
  });
});
