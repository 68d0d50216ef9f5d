// Chatting with an AI customer: the reply is posted with fetch and shown at once, then the
// customer's answer is read from a text/event-stream and typed into the chat as it arrives.
// Without this script the same forms work by plain POST (the server answers in one piece).
// Events: piece {text}, message {text, turn, turns_left}, coaching {html}, error {message},
// end {next}, done.
(function () {
  "use strict";
  var form = document.querySelector("[data-ai-form]");
  if (!form || !window.fetch || !window.TextDecoder) return;
  var log = document.querySelector(".chat__log");
  var textarea = form.querySelector("textarea");
  var send = form.querySelector("[data-ai-send]");
  var turnInput = form.querySelector("[data-ai-turn]");
  var notice = form.querySelector("[data-ai-error]");
  var turnsLeft = form.querySelector("[data-turns-left]");
  var retry = document.querySelector("[data-ai-retry]");
  var timer = form.querySelector("[data-timer]");
  var endForm = document.querySelector("[data-ai-end]");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var busy = false;

  function current() { return log.querySelector("[data-ai-current]"); }

  function setBusy(value) {
    busy = value;
    textarea.disabled = value;
    send.disabled = value;
  }

  function showNotice(text) {
    notice.textContent = text || "";
    notice.hidden = !text;
  }

  function bubbleText(bubble) {
    var text = bubble.querySelector("[data-ai-text]");
    if (!text) {
      text = document.createElement("span");
      text.setAttribute("data-ai-text", "");
      bubble.appendChild(text);
    }
    return text;
  }

  function typing() {
    var bubble = current();
    bubble.classList.add("bubble--typing");
    // Screen readers announce the answer once it is whole, not each piece.
    bubble.setAttribute("aria-busy", "true");
    var text = bubbleText(bubble);
    text.className = "typing";
    text.textContent = form.dataset.typing;
  }

  // The customer's bubble just above the reply panel, which sticks to the bottom of the
  // screen (as roleplay_play.js places it on load), not hidden under it.
  function scrollDown() {
    var bubble = current();
    if (!bubble) return;
    var panel = getComputedStyle(form).position === "sticky" ? form.offsetHeight : 0;
    bubble.style.scrollMarginBottom = panel + 8 + "px";
    bubble.scrollIntoView({ block: "end", behavior: "smooth" });
  }

  // The learner's reply: the old current message becomes history, the reply follows it.
  function showReply(reply) {
    var old = current();
    old.removeAttribute("id");
    old.removeAttribute("data-ai-current");
    old.classList.remove("bubble--current", "bubble--typing");
    var mine = document.createElement("li");
    mine.className = "bubble bubble--agent";
    var who = document.createElement("span");
    who.className = "bubble__who";
    who.textContent = form.dataset.agent;
    mine.appendChild(who);
    mine.appendChild(document.createTextNode(reply));
    log.appendChild(mine);
    var next = document.createElement("li");
    next.className = "bubble bubble--customer bubble--current";
    next.id = "current";
    next.setAttribute("data-ai-current", "");
    var name = document.createElement("span");
    name.className = "bubble__who";
    name.textContent = old.dataset.who || "";
    next.dataset.who = old.dataset.who || "";
    next.appendChild(name);
    log.appendChild(next);
    typing();
    scrollDown();
  }

  function onEvent(name, data) {
    var bubble = current();
    if (name === "piece") {
      var text = bubbleText(bubble);
      if (text.className === "typing") { text.className = ""; text.textContent = ""; }
      text.textContent += data.text;
      scrollDown();
    } else if (name === "message") {
      bubble.classList.remove("bubble--typing");
      bubble.removeAttribute("aria-busy");
      var final = bubbleText(bubble);
      final.className = "";
      final.textContent = data.text;
      turnInput.value = data.turn;
      if (turnsLeft && data.turns_left_label) turnsLeft.textContent = data.turns_left_label;
      if (retry) retry.hidden = true;
      showNotice("");
      setBusy(false);
      if (timer) timer.dispatchEvent(new CustomEvent("timer:restart"));
      textarea.focus();
    } else if (name === "coaching") {
      // The coaching goes under the learner's reply it is about, before the new message.
      var holder = document.createElement("ul");
      holder.innerHTML = data.html;
      var item = holder.querySelector("li");
      if (item) log.insertBefore(item, bubble);
    } else if (name === "error") {
      showNotice(data.message);
      if (retry) retry.hidden = false;
      bubbleText(bubble).textContent = "";
      bubble.classList.remove("bubble--typing");
      bubble.removeAttribute("aria-busy");
    } else if (name === "end") {
      window.location.assign(data.next);
    }
  }

  // Reads the server-sent events of one answer; resolves when the stream closes.
  function listen(url) {
    typing();
    if (retry) retry.hidden = true;
    showNotice("");
    return fetch(url, { headers: { Accept: "text/event-stream" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || !response.body) throw new Error(response.status);
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        var ended = false;
        function handle(block) {
          var name = "message";
          var data = "";
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event:") === 0) name = line.slice(6).trim();
            else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
          });
          if (name === "done" || name === "error" || name === "end") ended = true;
          onEvent(name, data ? JSON.parse(data) : {});
        }
        function read() {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              if (!ended) throw new Error("closed");
              return;
            }
            buffer += decoder.decode(chunk.value, { stream: true });
            var parts = buffer.split("\n\n");
            buffer = parts.pop();
            parts.forEach(handle);
            return read();
          });
        }
        return read();
      })
      .catch(function () {
        // The reply is saved on the server; asking again continues from it.
        showNotice(form.dataset.failed);
        if (retry) retry.hidden = false;
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return;
    var reply = textarea.value.trim();
    if (!reply) { textarea.focus(); return; }
    setBusy(true);
    var body = new FormData(form);
    body.set("text", reply);
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json", "X-CSRFToken": csrf },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          showNotice(answer.data.error);
          setBusy(false);
          return;
        }
        textarea.value = "";
        showReply(reply);
        turnInput.value = answer.data.turn;
        if (answer.data.ended) { window.location.assign(answer.data.next); return; }
        if (answer.data.waiting) return listen(answer.data.stream);
        // Nothing new was saved (an old tab): show the conversation as the server has it.
        window.location.reload();
      })
      .catch(function () {
        showNotice(form.dataset.failed);
        setBusy(false);
      });
  });

  if (retry) retry.addEventListener("submit", function (event) {
    event.preventDefault();
    if (retry.dataset.asking) return;
    retry.dataset.asking = "1";
    setBusy(true);
    listen(form.dataset.stream).then(function () { delete retry.dataset.asking; });
  });

  if (endForm) endForm.addEventListener("submit", function () {
    setBusy(true);
  });

  // A reload while the customer had not answered: ask the model again at once.
  if (form.hasAttribute("data-waiting")) {
    setBusy(true);
    listen(form.dataset.stream);
  }
})();
