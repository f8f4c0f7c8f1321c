// SiteReady progressive enhancement. Every page works without this file; it adds the phone menu
// toggle, confirmation dialogs, form dialogs, focus on form errors, credential form fields by type and the
// browser's time zone on sign-up.
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

    // Close the organisation switcher and Actions menus when clicking elsewhere or pressing Escape.
    document.addEventListener("click", function (e) {
      document.querySelectorAll("details.switcher[open], details.menu[open]").forEach(function (d) {
        if (!d.contains(e.target)) d.removeAttribute("open");
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      document.querySelectorAll("details.switcher[open], details.menu[open]").forEach(function (d) {
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

    // Form dialogs: a link with data-open-dialog opens the <dialog> it names; without script the link
    // leads to the same form shown in the page. A dialog the server rendered open (it came back with
    // errors) becomes modal again, and its Cancel link just closes it.
    function firstField(d) {
      return d.querySelector("[aria-invalid=true]") || d.querySelector("input:not([type=hidden]):not([type=radio]), select, textarea, input[type=radio]:checked, input[type=radio]");
    }
    function openModal(d, opener) {
      if (typeof d.showModal !== "function") return false;
      if (d.open) d.close();
      d.showModal();
      d.opener = opener || null;
      var field = firstField(d);
      if (field) field.focus();
      return true;
    }
    document.addEventListener("click", function (e) {
      var link = e.target.closest ? e.target.closest("[data-open-dialog]") : null;
      if (!link) return;
      var d = document.getElementById(link.getAttribute("data-open-dialog"));
      if (d && openModal(d, link)) e.preventDefault();
    });
    document.querySelectorAll("dialog[data-form-dialog]").forEach(function (d) {
      d.querySelectorAll("[data-dialog-close]").forEach(function (c) {
        c.addEventListener("click", function (e) {
          if (!d.open) return;
          e.preventDefault();
          d.close();
        });
      });
      d.addEventListener("close", function () {
        if (d.opener) d.opener.focus();
      });
    });
    var reopen = document.querySelector("dialog[data-form-dialog][open]");
    if (reopen) openModal(reopen, null);

    // Credential forms: show the dates the chosen type asks for, and only the types of the chosen holder.
    // Without script both dates are shown and the server says which one is needed.
    var typeSelect = document.querySelector("select[data-credential-type]");
    if (typeSelect) {
      var subjectSelect = document.querySelector("select[data-credential-subject]");
      var showDates = function () {
        var option = typeSelect.options[typeSelect.selectedIndex];
        ["issue", "expiry"].forEach(function (which) {
          var field = document.querySelector("[data-date-field=" + which + "]");
          if (!field) return;
          var wanted = !option || !option.value || option.getAttribute("data-has-" + which) !== "false";
          field.hidden = !wanted;
          var input = field.querySelector("input");
          if (input && !wanted) input.value = "";
        });
      };
      var filterTypes = function () {
        if (!subjectSelect) return;
        var chosen = subjectSelect.options[subjectSelect.selectedIndex];
        var subject = chosen && chosen.value ? (chosen.value === "company" ? "company" : "worker") : null;
        typeSelect.querySelectorAll("optgroup[data-subject]").forEach(function (group) {
          var other = subject !== null && group.getAttribute("data-subject") !== subject;
          group.hidden = other;
          group.disabled = other;
        });
        var selected = typeSelect.options[typeSelect.selectedIndex];
        if (selected && selected.parentElement && selected.parentElement.disabled) typeSelect.value = "";
        showDates();
      };
      typeSelect.addEventListener("change", showDates);
      if (subjectSelect) subjectSelect.addEventListener("change", filterTypes);
      filterTypes();
      showDates();
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
