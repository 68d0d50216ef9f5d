// The import job page: follow the job's progress, and show its result when it ends.
// Without JavaScript the page has a "Refresh" link that does the same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-job]");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("[data-import-job-progress]");
  var count = box.querySelector("[data-import-job-count]");
  var status = box.querySelector("[data-import-job-status]");
  var delay = 1000;

  function show(state) {
    if (status) status.textContent = state.status_label;
    if (bar && state.total) {
      bar.max = state.total;
      bar.value = state.done;
    }
    if (count && state.total) count.textContent = state.done + " / " + state.total;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          window.location.reload(); // the server renders the result or the problems
          return;
        }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000); // a network hiccup: try again, more slowly
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
