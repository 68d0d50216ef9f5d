// Lesson completion: the "done" button posts in the background, and reaching the end of the
// lesson (the done box scrolled into view after the reader has spent a moment) does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-complete-lesson]");
  if (!form) return;
  var sent = false;

  function showDone(data) {
    // The marks are the page's own markup (an SVG icon and translated text), kept in templates.
    var box = document.getElementById("lesson-done");
    var mark = form.querySelector("template[data-done-mark]").content.cloneNode(true);
    var tickIcon = form.querySelector("template[data-tick]").content;
    box.replaceChildren(mark);
    document.querySelectorAll('[data-lesson="' + data.lesson + '"]').forEach(function (item) {
      item.classList.add("is-done");
      var tick = item.querySelector(".tick");
      if (tick) tick.replaceChildren(tickIcon.cloneNode(true));
    });
    document.querySelectorAll("[data-progress]").forEach(function (progress) {
      var bar = progress.querySelector('[role="progressbar"]');
      bar.setAttribute("aria-valuenow", data.percent);
      progress.querySelector(".progress__fill").style.width = data.percent + "%";
      progress.querySelector("[data-progress-text]").textContent = data.text;
    });
  }

  function complete() {
    if (sent) return Promise.resolve();
    sent = true;
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(showDone).catch(function () { sent = false; });
  }

  // The button keeps its plain form behaviour (go on to the next lesson) without scripts;
  // with them it records the lesson first, then follows the same way.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var next = document.querySelector(".pager__link--next");
    complete().then(function () { if (next) window.location.href = next.href; });
  });

  var openedAt = Date.now();
  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        // A glance at the end straight after opening is not reading it.
        if (entry.isIntersecting && Date.now() - openedAt > 5000) {
          observer.disconnect();
          complete();
        }
      });
    }, { threshold: 1.0 });
    window.setTimeout(function () { observer.observe(form); }, 5000);
  }
})();
