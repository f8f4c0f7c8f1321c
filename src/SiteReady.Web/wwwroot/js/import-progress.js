// Credential import report: while the import runs, ask the page for its progress every second and move the bar;
// once it has finished, load the page again to show the report. Without this file the page has a Refresh link.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box || box.getAttribute("data-finished") === "true" || !window.fetch) return;
  var url = box.getAttribute("data-import-progress");
  var bar = box.querySelector("progress");
  var text = document.getElementById("import-progress-text");
  var live = box.querySelector("[data-live-note]");
  var failures = 0;
  if (live) live.hidden = false;

  function show(progress) {
    if (progress.max === null || progress.value === null) {
      bar.removeAttribute("value"); // indeterminate until the number of rows is known
    } else {
      bar.max = progress.max;
      bar.value = progress.value;
    }
    if (text.textContent !== progress.text) text.textContent = progress.text;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (progress) {
        failures = 0;
        show(progress);
        if (progress.finished) window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () {
        // After a few failures in a row it stops; the Refresh link still works.
        if (++failures < 5) window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 500);
})();
