// Small behaviours every page may use, declared in the HTML with data- attributes instead of inline
// handlers (onclick="…", onsubmit="…"), which the Content-Security-Policy forbids.
//   <form data-confirm="Remove this activity?">  asks first; "Cancel" keeps the form from being sent.
//   <button data-print>                          opens the browser's print dialog.
//   <div class="table-scroll">                   a table wider than the screen scrolls in this box (so do the
//                                                RACI grid's and the swimlanes' boxes); when the box
//                                                holds nothing to focus, it takes focus itself, so that a keyboard
//                                                can scroll it too.
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

  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function scrollBoxes() {
    document.querySelectorAll(".table-scroll, .table-responsive, .raci-wrap, .swimlane-wrap").forEach((box) => {
      const wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
        const table = box.querySelector("table");
        const name = table && (table.getAttribute("aria-label") || (table.caption && table.caption.textContent));
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", `${name || "Table"}, scrolls sideways`);
        box.dataset.scrollFocus = "";
      } else if (!wide && box.hasAttribute("data-scroll-focus")) {
        ["tabindex", "role", "aria-label", "data-scroll-focus"].forEach((a) => box.removeAttribute(a));
      }
    });
  }

  let pending = null;
  const later = () => {
    clearTimeout(pending);
    pending = setTimeout(scrollBoxes, 150);
  };
  window.addEventListener("resize", later);
  document.addEventListener("htmx:load", later);
  scrollBoxes();
})();
