// Small page behaviours declared with data- attributes (the Content-Security-Policy allows no inline script).
//   <div class="toast" data-toast>       a toast (e.g. "Completed. Undo"): hides itself after a while, closes on ×.
//   <button data-undo hx-post="…">       its Undo: a refusal (409: someone changed the record since) is shown
//                                        in the toast instead of being dropped as an error.
//   <a data-download-now href="…">       a download that became ready while the page waited: started once.
(function () {
  "use strict";

  const TOAST_SECONDS = 10;

  function showToasts(root) {
    if (!window.bootstrap) return;
    const toasts = root.matches && root.matches("[data-toast]") ? [root] : [];
    toasts.push(...(root.querySelectorAll ? root.querySelectorAll("[data-toast]") : []));
    for (const element of toasts) {
      bootstrap.Toast.getOrCreateInstance(element, { delay: TOAST_SECONDS * 1000 }).show();
    }
  }

  function startDownloads(root) {
    const links = root.querySelectorAll ? root.querySelectorAll("a[data-download-now]") : [];
    for (const link of links) {
      link.removeAttribute("data-download-now");
      link.click();
    }
  }

  document.addEventListener("htmx:load", (event) => {
    showToasts(event.detail.elt);
    startDownloads(event.detail.elt);
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 409 && event.detail.requestConfig.elt.closest("[data-undo]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
