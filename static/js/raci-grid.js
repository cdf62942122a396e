// The RACI grid: click or type to set a cell. One listener for the whole grid, so a 3,000 × 40 matrix
// stays light and sections loaded later (htmx, as they come into view) work without wiring anything up.
// A cell is <td id="c<activity>-<role>" class="cell …">letter</td>; its row carries data-a.
// The server answers with the cell and, out of band, the row, column and summary checks.
(function () {
  "use strict";
  const grid = document.getElementById("raci-grid");
  const menu = document.getElementById("cell-menu");
  if (!grid || !menu || grid.dataset.editable !== "true") return;
  const url = grid.dataset.cellUrl;
  const keys = { R: "R", A: "A", S: "S", C: "C", I: "I", B: "AR" };
  const offered = new Set(Array.from(menu.querySelectorAll("[data-code]"), (b) => b.dataset.code));
  let active = null;

  const codeOf = (cell) => cell.textContent.trim();
  const roleOf = (cell) => cell.id.split("-")[1];

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
    (menu.querySelector(`[data-code="${codeOf(cell)}"]`) || menu.querySelector("button")).focus();
  }

  function send(cell, code) {
    closeMenu();
    if (!offered.has(code) || code === codeOf(cell)) return focusCell(cell);
    const id = cell.id;
    cell.classList.add("saving");
    htmx
      .ajax("POST", url, {
        source: cell,
        target: cell,
        swap: "outerHTML",
        values: { activity: cell.closest("tr").dataset.a, role: roleOf(cell), code: code, expected: codeOf(cell) },
      })
      .then(() => focusCell(document.getElementById(id)));
  }

  // The row above or below, across section boundaries, skipping group headers and unloaded sections.
  function nextRow(row, dy) {
    const step = dy > 0 ? "nextElementSibling" : "previousElementSibling";
    let section = row.parentElement;
    row = row[step];
    for (;;) {
      while (row && !row.dataset.a) row = row[step];
      if (row) return row;
      section = section[step];
      if (!section || section.tagName !== "TBODY") return null;
      row = dy > 0 ? section.firstElementChild : section.lastElementChild;
    }
  }

  function neighbour(cell, dx, dy) {
    if (dx) return dx > 0 ? cell.nextElementSibling : cell.previousElementSibling;
    const row = nextRow(cell.closest("tr"), dy);
    return row ? row.cells[cell.cellIndex] : null;
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
