// A quiz attempt: answers are saved as they go (and kept on the device while the network is
// away), the timer counts down to the deadline the server set, and the attempt is submitted
// when the time runs out. The server stays the judge: it numbers saves, refuses late answers
// and submits left-alone attempts itself.
//
// Saves are numbered one above the last number the server kept. When another tab or device
// saved in between, the server refuses the save and sends back what it holds: the page shows
// those answers, says so, and takes the server's number, so that its next save is kept.
(function () {
  "use strict";
  var form = document.querySelector("form[data-attempt]");
  if (!form) return;
  var storeKey = "quiz-attempt-" + form.dataset.attempt;
  var saveUrl = form.dataset.saveUrl;
  var statusBox = form.querySelector("[data-save-status]");
  var conflictBox = form.querySelector("[data-conflict]");
  var sequenceField = form.querySelector("input[name=sequence]");
  var timerBox = form.querySelector("[data-timer]");
  var submitButton = form.querySelector("[data-submit]");
  // The number of the last save the server kept (any tab's), as far as this page knows.
  var serverSequence = parseInt(form.dataset.sequence || "0", 10);
  // Edits made on this page, and how many of them the server has.
  var changes = 0, savedChanges = 0;
  var inFlight = null, pending = false, retryDelay = 2000, retryTimer = null, debounce = null;
  var submitting = false, submitAfterSave = false;

  function csrfToken() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function setStatus(state, text) {
    statusBox.dataset.state = state;
    statusBox.textContent = text;
  }
  function showConflict(message) {
    if (!conflictBox) return;
    conflictBox.textContent = message || "";
    conflictBox.hidden = !message;
  }
  function answerField(el) {
    return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "sequence" && el.type !== "hidden";
  }
  function fields() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "sequence" && !/-present$/.test(name)) out.push([name, value]);
    });
    return out;
  }
  // Put [name, value] pairs into the form's inputs (what is not listed is cleared).
  function fill(pairs) {
    var byName = {};
    pairs.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!answerField(el)) return;
      var values = byName[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) !== -1;
      else el.value = values.length ? values[0] : "";
    });
  }
  function forgetLocal() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  }
  function keepLocally() {
    try {
      localStorage.setItem(storeKey, JSON.stringify({ base: serverSequence, fields: fields() }));
    } catch (e) { /* private mode or full storage: the server copy still counts */ }
  }
  // Answers this device kept while the network was away. They are put back only when nobody
  // saved since they were typed; otherwise the page keeps what the server holds and says so.
  function restoreLocal() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.fields) return false;
    if (JSON.stringify(kept.fields) === JSON.stringify(fields())) { forgetLocal(); return false; }
    if (kept.base !== serverSequence) {
      forgetLocal();
      showConflict(form.dataset.textChangedElsewhere);
      return false;
    }
    fill(kept.fields);
    return true;
  }

  function adopt(data) {
    // The server holds answers this page has not seen: show them and take its number.
    serverSequence = data.sequence;
    fill(data.answers || []);
    changes = savedChanges = 0;
    pending = false;
    clearTimeout(debounce);
    forgetLocal();
    setStatus("conflict", form.dataset.textConflict);
    showConflict(data.message);
  }

  function finishSubmit() {
    sequenceField.value = serverSequence + 1;
    forgetLocal();
    HTMLFormElement.prototype.submit.call(form);
  }

  function save() {
    if (submitting && !submitAfterSave) return;
    if (inFlight !== null) { pending = true; return; }
    if (savedChanges >= changes) return;
    var number = serverSequence + 1, upTo = changes;
    inFlight = number;
    sequenceField.value = number;
    setStatus("saving", form.dataset.textSaving);
    fetch(saveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (reply) {
      inFlight = null;
      retryDelay = 2000;
      var data = reply.data;
      if (!reply.ok) {
        if (data.result_url) { window.location.href = data.result_url; return; }
        if (data.conflict) {
          adopt(data);
          if (submitAfterSave) {
            // Not submitted: the learner first sees the answers that would have been graded.
            submitAfterSave = submitting = false;
            if (submitButton) submitButton.disabled = false;
          }
          return;
        }
        setStatus("closed", data.message || form.dataset.textClosed);
        return;
      }
      serverSequence = Math.max(serverSequence, data.sequence);
      savedChanges = Math.max(savedChanges, upTo);
      if (submitAfterSave) { finishSubmit(); return; }
      if (data.remaining_seconds !== null && data.remaining_seconds !== undefined) startTimer(data.remaining_seconds);
      if (savedChanges >= changes) {
        forgetLocal();
        setStatus("saved", form.dataset.textSaved + (data.saved_at ? " " + data.saved_at : ""));
      } else {
        keepLocally();
      }
      if (pending) { pending = false; save(); }
    }).catch(function () {
      inFlight = null;
      if (submitAfterSave) { finishSubmit(); return; }
      setStatus("unsaved", form.dataset.textUnsaved);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(save, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  function changed() {
    changes += 1;
    showConflict("");
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
    if (savedChanges < changes && navigator.sendBeacon && !submitting) {
      // After the save still on its way, if there is one: both come from this page.
      sequenceField.value = (inFlight !== null ? inFlight : serverSequence) + 1;
      navigator.sendBeacon(saveUrl, new FormData(form));
    }
  });

  var saveNow = form.querySelector("[data-save-now]");
  if (saveNow) saveNow.addEventListener("click", function (event) {
    event.preventDefault();
    if (savedChanges >= changes) changes += 1;
    save();
  });

  // --- asking before submitting with questions unanswered --------------------------------
  // The server takes the submit either way (and without JavaScript nothing asks): this only
  // spares a learner an exam handed in with questions they had not seen or meant to answer.
  var confirmBox = document.querySelector("dialog[data-confirm-submit]");
  var confirmed = false;
  function answered(fieldset) {
    return Array.prototype.some.call(fieldset.querySelectorAll("input, textarea, select"), function (el) {
      if (el.type === "hidden") return false;
      if (el.type === "radio" || el.type === "checkbox") return el.checked;
      return el.value.trim() !== "";
    });
  }
  function unanswered() {
    return Array.prototype.filter.call(form.querySelectorAll("fieldset[data-question]"), function (fieldset) {
      return !answered(fieldset);
    });
  }
  function timeIsUp() { return !!form.querySelector("input[name=time_up]"); }
  function countText(n) {
    return n === 1 ? form.dataset.textUnansweredOne : form.dataset.textUnansweredMany.replace("__n__", n);
  }
  function submitConfirmed() {
    confirmed = true;
    if (form.requestSubmit) form.requestSubmit(submitButton);
    else { submitting = true; finishSubmit(); }
  }
  function askFirst(missing) {
    if (!confirmBox || typeof confirmBox.showModal !== "function") {
      if (window.confirm(countText(missing.length) + "\n" + form.dataset.textConfirm)) submitConfirmed();
      return;
    }
    confirmBox.querySelector("[data-confirm-count]").textContent = countText(missing.length);
    var list = confirmBox.querySelector("[data-confirm-list]");
    list.textContent = "";
    missing.forEach(function (fieldset, index) {
      var link = document.createElement("a");
      link.href = "#" + fieldset.id;
      link.textContent = fieldset.querySelector(".question__number").textContent;
      link.addEventListener("click", function () { confirmBox.close(); });
      if (index) list.appendChild(document.createTextNode(" · "));
      list.appendChild(link);
    });
    confirmBox.showModal();
  }
  if (confirmBox) {
    confirmBox.querySelector("[data-confirm-cancel]").addEventListener("click", function () { confirmBox.close(); });
    confirmBox.querySelector("[data-confirm-ok]").addEventListener("click", function () {
      confirmBox.close();
      submitConfirmed();
    });
  }

  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    if (!confirmed && !timeIsUp()) {
      var missing = unanswered();
      if (missing.length) { event.preventDefault(); askFirst(missing); return; }
    }
    if (confirmBox && confirmBox.open) confirmBox.close();
    submitting = true;
    clearTimeout(debounce);
    clearTimeout(retryTimer);
    if (submitButton) submitButton.disabled = true;
    if (inFlight !== null) {
      // Wait for the save on its way: submitting alongside it would look like a stale page.
      event.preventDefault();
      submitAfterSave = true;
      return;
    }
    sequenceField.value = serverSequence + 1;
    forgetLocal();
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
      if (form.requestSubmit) { form.requestSubmit(submitButton); return; }
      submitting = true;
      finishSubmit();
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

  // Answers given before this script ran (see site.js) are saved like any other change.
  if (restoreLocal() || window.academy.editedBeforeScript(form)) { changes += 1; keepLocally(); save(); }
})();
