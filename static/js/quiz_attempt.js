// A quiz attempt: answers are saved as the learner goes (and kept on the device while the
// network is away), the timer counts down to the deadline the server set, and the attempt is
// submitted when the time runs out. The server stays the judge: it numbers saves, refuses
// late answers and submits left-alone attempts itself.
(function () {
  "use strict";
  var form = document.querySelector("form[data-attempt]");
  if (!form) return;
  var storeKey = "quiz-attempt-" + form.dataset.attempt;
  var saveUrl = form.dataset.saveUrl;
  var statusBox = form.querySelector("[data-save-status]");
  var sequenceField = form.querySelector("input[name=sequence]");
  var timerBox = form.querySelector("[data-timer]");
  var submitButton = form.querySelector("[data-submit]");
  var sequence = parseInt(form.dataset.sequence || "0", 10);
  var savedSequence = sequence;
  var inFlight = false, pending = false, retryDelay = 2000, retryTimer = null, debounce = null;
  var submitting = false;

  function csrfToken() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function setStatus(state, text) {
    statusBox.dataset.state = state;
    statusBox.textContent = text;
  }
  function fields() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "sequence") out.push([name, value]);
    });
    return out;
  }
  function keepLocally() {
    try {
      localStorage.setItem(storeKey, JSON.stringify({ sequence: sequence, fields: fields() }));
    } catch (e) { /* private mode or full storage: the server copy still counts */ }
  }
  function restoreLocal() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { kept = null; }
    if (!kept || kept.sequence <= sequence) return false;
    // This device has answers the server has not seen (the network went away): put them back.
    var byName = {};
    kept.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "sequence" || el.type === "hidden") return;
      var values = byName[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) !== -1;
      else el.value = values.length ? values[0] : "";
    });
    sequence = kept.sequence;
    return true;
  }

  function save() {
    if (submitting) return;
    if (inFlight) { pending = true; return; }
    if (savedSequence >= sequence) return;
    inFlight = true;
    var sent = sequence;
    sequenceField.value = sent;
    setStatus("saving", form.dataset.textSaving);
    fetch(saveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (reply) {
      inFlight = false;
      retryDelay = 2000;
      var data = reply.data;
      if (!reply.ok) {
        if (data.result_url) { window.location.href = data.result_url; return; }
        setStatus("closed", data.message || form.dataset.textClosed);
        return;
      }
      savedSequence = Math.max(savedSequence, sent);
      if (data.remaining_seconds !== null && data.remaining_seconds !== undefined) startTimer(data.remaining_seconds);
      if (savedSequence >= sequence) {
        setStatus("saved", form.dataset.textSaved + (data.saved_at ? " " + data.saved_at : ""));
      }
      if (pending) { pending = false; save(); }
    }).catch(function () {
      inFlight = false;
      setStatus("unsaved", form.dataset.textUnsaved);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(save, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  function changed() {
    sequence += 1;
    keepLocally();
    setStatus("saving", form.dataset.textSaving);
    clearTimeout(debounce);
    debounce = setTimeout(save, 500);
  }
  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") changed();
  });
  window.addEventListener("online", save);
  window.addEventListener("pagehide", function () {
    if (savedSequence < sequence && navigator.sendBeacon && !submitting) {
      sequenceField.value = sequence;
      navigator.sendBeacon(saveUrl, new FormData(form));
    }
  });

  var saveNow = form.querySelector("[data-save-now]");
  if (saveNow) saveNow.addEventListener("click", function (event) {
    event.preventDefault();
    if (savedSequence >= sequence) sequence += 1;
    save();
  });

  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    submitting = true;
    sequence += 1;
    sequenceField.value = sequence;
    if (submitButton) submitButton.disabled = true;
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  });

  // --- the clock: the server's deadline, shown counting down ---------------------------
  var endsAt = null, ticking = null;
  function show(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    timerBox.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    timerBox.parentNode.classList.toggle("is-low", seconds <= 60);
  }
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    show(left);
    if (left <= 0 && !submitting) {
      clearInterval(ticking);
      setStatus("closed", form.dataset.textClosed);
      var timeUp = document.createElement("input");
      timeUp.type = "hidden"; timeUp.name = "time_up"; timeUp.value = "1";
      form.appendChild(timeUp);
      form.requestSubmit ? form.requestSubmit(submitButton) : form.submit();
    }
  }
  function startTimer(seconds) {
    if (!timerBox) return;
    endsAt = Date.now() + seconds * 1000;
    clearInterval(ticking);
    ticking = setInterval(tick, 1000);
    tick();
  }
  if (form.dataset.remaining !== undefined) startTimer(parseInt(form.dataset.remaining, 10));

  if (restoreLocal()) { keepLocally(); save(); }
})();
