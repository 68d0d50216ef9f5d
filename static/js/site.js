// Behaviour shared by every page, kept out of the HTML: the Content-Security-Policy runs no
// inline script or event-handler attribute.
"use strict";

// A filter that applies itself: <select data-submit-on-change> submits its form (a <noscript>
// button does it without JavaScript).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLElement && field.matches("[data-submit-on-change]") && field.form) {
    field.form.requestSubmit();
  }
});
