// The reply timer: seconds since the customer's message was shown (the server measures the
// real time; this only shows it), turning red past the channel's service standard.
(function () {
  "use strict";
  var timer = document.querySelector("[data-timer]");
  if (timer) {
    var value = timer.querySelector("[data-timer-value]");
    var standard = parseInt(timer.dataset.standard || "0", 10);
    var shownAt = Date.now() - parseInt(timer.dataset.shownSeconds || "0", 10) * 1000;
    var tick = function () {
      var seconds = Math.floor((Date.now() - shownAt) / 1000);
      value.textContent = seconds + " s";
      timer.classList.toggle("is-late", standard > 0 && seconds > standard);
    };
    tick();
    setInterval(tick, 1000);
  }
  var current = document.getElementById("current");
  if (current) current.scrollIntoView({ block: "center" });
  var form = document.querySelector("[data-reply-form]");
  if (form) form.addEventListener("submit", function () {
    // One reply per step: a double click sends it once.
    setTimeout(function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
