// The reply timer: seconds since the customer's message was shown (the server measures the
// real time; this only shows it), turning red past the channel's service standard.
(function () {
  "use strict";
  var timer = document.querySelector("[data-timer]");
  if (timer) {
    var value = timer.querySelector("[data-timer-value]");
    var standard = parseInt(timer.dataset.standard || "0", 10);
    var shownAt = Date.now() - parseInt(timer.dataset.shownSeconds || "0", 10) * 1000;
    // The unit comes translated from the page ("{seconds} 秒"), like the transcript's times.
    var format = timer.dataset.format || "{seconds} s";
    var tick = function () {
      var seconds = Math.floor((Date.now() - shownAt) / 1000);
      value.textContent = format.replace("{seconds}", seconds);
      timer.classList.toggle("is-late", standard > 0 && seconds > standard);
    };
    tick();
    setInterval(tick, 1000);
    // The AI customer's chat restarts the timer when a new message arrives (roleplay_ai_chat.js).
    timer.addEventListener("timer:restart", function () {
      shownAt = Date.now();
      tick();
    });
  }
  var current = document.getElementById("current");
  var form = document.querySelector("[data-reply-form]");
  // The AI customer's chat has its own reply panel (roleplay_ai_chat.js sends it).
  var replyPanel = form || document.querySelector("[data-ai-form]");
  if (current) {
    // A reload must not restore an old scroll position over the customer's new message.
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    var panel = replyPanel ? replyPanel.offsetHeight : 0;
    if (panel && window.innerHeight - panel < current.offsetHeight + 48) {
      // A small screen: a reply panel this tall, stuck to the bottom, would hide the message.
      replyPanel.style.position = "static";
      current.scrollIntoView({ block: "start" });
    } else {
      // The message just above the reply panel, which sticks to the bottom of the screen.
      current.style.scrollMarginBottom = panel + 8 + "px";
      current.scrollIntoView({ block: "end" });
    }
  }
  if (form) form.addEventListener("submit", function () {
    // One reply per step: a double click sends it once.
    setTimeout(function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
