// SiteReady progressive enhancement. Every page works without this file; it adds the phone menu
// toggle, confirmation dialogs, focus on form errors and the browser's time zone on sign-up.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  ready(function () {
    // Phone menu: without script the navigation is simply shown above the content.
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("app-nav");
    if (toggle && nav) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        nav.classList.toggle("open", open);
        if (open) {
          var first = nav.querySelector("a");
          if (first) first.focus();
        }
      });
    }

    // Errors after a submit: move focus to the summary so screen readers announce it.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();

    // Close the organisation switcher when clicking elsewhere or pressing Escape.
    document.addEventListener("click", function (e) {
      document.querySelectorAll("details.switcher[open]").forEach(function (d) {
        if (!d.contains(e.target)) d.removeAttribute("open");
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      document.querySelectorAll("details.switcher[open]").forEach(function (d) {
        d.removeAttribute("open");
        var s = d.querySelector("summary");
        if (s) s.focus();
      });
    });

    // Confirmation: a link with data-confirm-action opens the shared <dialog>; without script the
    // link leads to a confirmation page instead.
    var dialog = document.getElementById("confirm-dialog");
    if (dialog && typeof dialog.showModal === "function") {
      var form = dialog.querySelector("form");
      var opener = null;
      document.addEventListener("click", function (e) {
        var link = e.target.closest ? e.target.closest("[data-confirm-action]") : null;
        if (!link) return;
        e.preventDefault();
        opener = link;
        form.setAttribute("action", link.getAttribute("data-confirm-action"));
        dialog.querySelector("[data-confirm-title]").textContent = link.getAttribute("data-confirm-title") || "Are you sure?";
        dialog.querySelector("[data-confirm-text]").textContent = link.getAttribute("data-confirm-text") || "";
        dialog.querySelector("[data-confirm-submit]").textContent = link.getAttribute("data-confirm-button") || "Confirm";
        dialog.showModal();
        var cancel = dialog.querySelector("[data-confirm-cancel]");
        if (cancel) cancel.focus();
      });
      dialog.querySelectorAll("[data-confirm-cancel]").forEach(function (b) {
        b.addEventListener("click", function () { dialog.close(); });
      });
      dialog.addEventListener("close", function () {
        if (opener) opener.focus();
      });
    }

    // Sign-up: preselect the browser's time zone when the server left the default.
    var zone = document.querySelector("select[data-detect-timezone]");
    if (zone && window.Intl && zone.value === zone.getAttribute("data-detect-timezone")) {
      try {
        var detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
        var known = Array.prototype.some.call(zone.options, function (o) { return o.value === detected; });
        if (known) zone.value = detected;
      } catch (ignored) { /* keep the default */ }
    }
  });
})();
