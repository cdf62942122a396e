// Small behaviours every page may use, declared in the HTML with data- attributes instead of inline
// handlers (onclick="…", onsubmit="…"), which the Content-Security-Policy forbids.
//   <form data-confirm="Remove this activity?">  asks first; "Cancel" keeps the form from being sent.
//   <button data-print>                          opens the browser's print dialog.
(function () {
  "use strict";

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation(); // htmx must not send it either
    }
  }, true);

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
