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

// Forms that save as they go (quiz attempts, surveys, observations) have their scripts load
// after the page: on a slow connection a learner can answer before the script listens. Such
// answers differ from what the server rendered, and the form's script saves them on start.
window.academy = {
  editedBeforeScript(form) {
    return Array.from(form.elements).some((el) => {
      if (!el.name || el.type === "hidden") return false;
      if (el.type === "radio" || el.type === "checkbox") return el.checked !== el.defaultChecked;
      if (el.tagName === "SELECT") {
        let byDefault = 0;
        Array.from(el.options).forEach((option, index) => {
          if (option.defaultSelected) byDefault = index;
        });
        return el.options.length > 0 && el.selectedIndex !== byDefault;
      }
      return el.value !== el.defaultValue;
    });
  },
};

// A print button (<button data-print hidden>): shown only where a script can print the page.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// The header's menu on a phone (a <details>): a tap elsewhere or Escape closes it, as people
// expect of a menu. On a wide screen its content always shows and this changes nothing seen.
document.addEventListener("click", (event) => {
  const menu = document.querySelector("details.site-menu[open]");
  if (menu && event.target instanceof Node && !menu.contains(event.target)) {
    menu.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  const menu = document.querySelector("details.site-menu[open]");
  if (event.key === "Escape" && menu) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});
