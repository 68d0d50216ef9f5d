// An evaluation form (a survey) keeps the answers as they are given: each change posts the
// whole form to the save URL (CSRF token in the header), shows whether it is saved, keeps a
// copy on the device while the network is away and sends it when it is back. Without
// JavaScript the form's "Save" button does the same. The server stays the judge: it refuses
// values off the scale and anything after the survey was submitted.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var saveUrl = form.dataset.saveUrl;
  var storeKey = form.dataset.storeKey;
  var statusBox = form.querySelector("[data-save-status]");
  var changes = 0, savedChanges = 0, inFlight = false, debounce = null, retryTimer = null;
  var retryDelay = 2000, submitting = false;

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
      if (name !== "csrfmiddlewaretoken") out.push([name, value]);
    });
    return out;
  }
  function keepLocally() {
    try { localStorage.setItem(storeKey, JSON.stringify(fields())); } catch (e) { /* no storage */ }
  }
  function forgetLocal() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  }
  // Answers this device kept while the network was away: put back, then sent.
  function restoreLocal() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { kept = null; }
    if (!kept || JSON.stringify(kept) === JSON.stringify(fields())) { forgetLocal(); return false; }
    var byName = {};
    kept.forEach(function (pair) { byName[pair[0]] = pair[1]; });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "radio") el.checked = byName[el.name] === el.value;
      else if (el.tagName === "TEXTAREA") el.value = byName[el.name] || "";
    });
    return true;
  }

  function save() {
    if (submitting) return;
    if (inFlight) { return; }
    if (savedChanges >= changes) return;
    var upTo = changes;
    inFlight = true;
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
      if (!reply.ok) {
        forgetLocal();
        setStatus("refused", reply.data.message || form.dataset.textRefused);
        return;
      }
      savedChanges = Math.max(savedChanges, upTo);
      if (savedChanges >= changes) {
        forgetLocal();
        setStatus("saved", form.dataset.textSaved + (reply.data.saved_at ? " " + reply.data.saved_at : ""));
      } else {
        save();
      }
    }).catch(function () {
      inFlight = false;
      setStatus("unsaved", form.dataset.textUnsaved);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(save, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  function changed() {
    changes += 1;
    keepLocally();
    setStatus("saving", form.dataset.textSaving);
    clearTimeout(debounce);
    debounce = setTimeout(save, 500);
  }
  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") changed();
  });
  window.addEventListener("online", save);
  window.addEventListener("pagehide", function () {
    if (savedChanges < changes && navigator.sendBeacon && !submitting) {
      navigator.sendBeacon(saveUrl, new FormData(form));
    }
  });
  form.addEventListener("submit", function () {
    submitting = true;
    clearTimeout(debounce);
    clearTimeout(retryTimer);
    forgetLocal();
  });

  // Answers given before this script ran (see site.js) are saved like any other change.
  if (restoreLocal() || window.academy.editedBeforeScript(form)) { changed(); }
})();
