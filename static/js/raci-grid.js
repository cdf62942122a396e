// The RACI grid: click or type to set a cell. One listener for the whole grid, so a 500 × 40 matrix
// stays light. The server answers with the cell and, out of band, the row, column and summary checks.
(function () {
  "use strict";
  const grid = document.getElementById("raci-grid");
  const menu = document.getElementById("cell-menu");
  if (!grid || !menu || grid.dataset.editable !== "true") return;
  const url = grid.dataset.cellUrl;
  const keys = { R: "R", A: "A", S: "S", C: "C", I: "I", B: "AR" };
  const offered = new Set(Array.from(menu.querySelectorAll("[data-code]"), (b) => b.dataset.code));
  let active = null;

  // A conflict (409) still carries the current cell and the notice: show them.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function focusCell(cell) {
    if (!cell) return;
    grid.querySelectorAll('td.cell[tabindex="0"]').forEach((c) => (c.tabIndex = -1));
    cell.tabIndex = 0;
    cell.focus();
    active = cell;
  }

  function closeMenu() {
    menu.hidden = true;
  }

  function openMenu(cell) {
    focusCell(cell);
    const box = cell.getBoundingClientRect();
    menu.style.left = `${window.scrollX + box.left}px`;
    menu.style.top = `${window.scrollY + box.bottom + 2}px`;
    menu.hidden = false;
    (menu.querySelector(`[data-code="${cell.dataset.code}"]`) || menu.querySelector("button")).focus();
  }

  function send(cell, code) {
    closeMenu();
    if (!offered.has(code) || code === cell.dataset.code) return focusCell(cell);
    const id = cell.id;
    cell.classList.add("saving");
    htmx
      .ajax("POST", url, {
        source: cell,
        target: cell,
        swap: "outerHTML",
        values: { activity: cell.closest("tr").dataset.a, role: cell.dataset.r, code: code, expected: cell.dataset.code },
      })
      .then(() => focusCell(document.getElementById(id)));
  }

  function neighbour(cell, dx, dy) {
    if (dx) return dx > 0 ? cell.nextElementSibling : cell.previousElementSibling;
    let row = cell.closest("tr");
    do {
      row = dy > 0 ? row.nextElementSibling : row.previousElementSibling;
    } while (row && !row.dataset.a);
    return row ? row.querySelector(`td.cell[data-r="${cell.dataset.r}"]`) : null;
  }

  grid.addEventListener("click", (event) => {
    const cell = event.target.closest("td.cell");
    if (cell) openMenu(cell);
  });

  grid.addEventListener("keydown", (event) => {
    const cell = event.target.closest("td.cell");
    if (!cell || event.ctrlKey || event.metaKey || event.altKey) return;
    const moves = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
    if (moves[key]) {
      const next = neighbour(cell, ...moves[key]);
      if (next && next.classList.contains("cell")) focusCell(next);
    } else if (key === "Enter" || key === " ") {
      openMenu(cell);
    } else if (key === "Delete" || key === "Backspace") {
      send(cell, "");
    } else if (keys[key]) {
      send(cell, keys[key]);
    } else {
      return;
    }
    event.preventDefault();
  });

  menu.addEventListener("click", (event) => {
    const button = event.target.closest("[data-code]");
    if (button && active) send(active, button.dataset.code);
  });

  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      closeMenu();
      focusCell(active);
    }
  });

  document.addEventListener("click", (event) => {
    if (!menu.hidden && !menu.contains(event.target) && !event.target.closest("td.cell")) closeMenu();
  });

  focusCell(grid.querySelector("td.cell")) ;
  window.scrollTo(0, 0);
})();
