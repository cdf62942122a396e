// The RACI grid, worked like a spreadsheet: click or type to set a cell; Shift with an arrow or a click selects
// several, and a letter or Delete sets or clears them all; paste a block copied from Excel; copy the selection;
// undo your last change (Ctrl+Z or the button). One listener for the whole grid, so a 3,000 × 40 matrix stays
// light and sections loaded later (htmx, as they come into view) work without wiring anything up.
// A cell is <td id="c<activity>-<role>" class="cell …">letter</td>; its row carries data-a.
// One cell goes to the cell URL; several (a paste, a selection, an undo) go to the cells URL as one change set,
// which the server applies whole or refuses whole, naming the cells. Both answer with the cells and, out of
// band, the row, column and summary checks, and say what changed (HX-Trigger "raci-applied") for Undo.
//
// Keyboard (everyone, read-only too): the grid is one tab stop (a roving tabindex: the cell last visited has
// tabindex 0, the links and buttons inside the grid -1). The arrow keys move between cells, the header row and
// the activity names included; Home and End go to the first and last cell of the row. On a header or an activity
// name, Enter (or F2) steps into the cell's links and buttons: Tab and Shift+Tab go round them, Escape comes back.
(function () {
  "use strict";
  const grid = document.getElementById("raci-grid");
  if (!grid) return;
  const WIDGETS = 'a[href], button, input:not([type="hidden"]), select, textarea';
  let pendingColumn = null; // the column a keyboard user was in when focus reached a section still loading

  // Nothing inside the grid is a tab stop of its own: the grid is one, and the arrow keys move inside it.
  function quiet(root) {
    root.querySelectorAll(WIDGETS).forEach((w) => {
      if (w.closest("tr.section-pending")) return; // "Show these activities" buttons: reached with the arrows too
      w.tabIndex = -1;
    });
  }

  // The row above or below for the keyboard: activity rows, the header row, and a section still to load.
  function navRow(row, dy) {
    if (row.parentElement.tagName === "THEAD") {
      if (dy < 0) return null;
      const body = grid.tBodies[0];
      row = body && body.rows[0];
    } else {
      row = row[dy > 0 ? "nextElementSibling" : "previousElementSibling"] || sectionEdge(row.parentElement, dy);
    }
    while (row && !row.dataset.a && !row.classList.contains("section-pending")) {
      row = row[dy > 0 ? "nextElementSibling" : "previousElementSibling"] || sectionEdge(row.parentElement, dy);
    }
    if (!row && dy < 0) return grid.tHead.rows[0];
    return row;
  }

  function sectionEdge(section, dy) {
    const next = section[dy > 0 ? "nextElementSibling" : "previousElementSibling"];
    if (!next || next.tagName !== "TBODY") return null;
    return dy > 0 ? next.firstElementChild : next.lastElementChild;
  }

  function cellAt(row, index) {
    return row.cells[Math.min(index, row.cells.length - 1)];
  }

  // Roving tabindex: the one cell with tabindex 0 is where Tab comes back into the grid.
  function rove(cell) {
    grid.querySelectorAll('th[tabindex="0"], td[tabindex="0"]').forEach((c) => (c.tabIndex = -1));
    cell.tabIndex = 0;
  }

  function visit(cell, column) {
    if (!cell) return;
    rove(cell);
    cell.focus();
    pendingColumn = cell.closest("tr.section-pending") ? column : null;
  }

  function move(cell, key) {
    const row = cell.closest("tr");
    const index = row.classList.contains("section-pending") && pendingColumn !== null ? pendingColumn : cell.cellIndex;
    if (key === "ArrowLeft") return cell.previousElementSibling;
    if (key === "ArrowRight") return cell.nextElementSibling;
    if (key === "Home") return row.cells[0];
    if (key === "End") return row.cells[row.cells.length - 1];
    const next = navRow(row, key === "ArrowDown" ? 1 : -1);
    return next ? cellAt(next, index) : null;
  }

  const NAV = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"];

  // Keys on a header, an activity name, a status or a cell of a read-only grid (the letters: below).
  grid.addEventListener("keydown", (event) => {
    const cell = event.target.closest("th, td");
    if (!cell || !grid.contains(cell) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target !== cell) {
      // Inside a cell: Tab goes round its links and buttons, Escape goes back to the cell.
      const widgets = Array.from(cell.querySelectorAll(WIDGETS));
      if (event.key === "Escape") {
        visit(cell);
      } else if (event.key === "Tab" && widgets.length) {
        const i = widgets.indexOf(event.target);
        widgets[(i + (event.shiftKey ? widgets.length - 1 : 1)) % widgets.length].focus();
      } else {
        return;
      }
      event.preventDefault();
      return;
    }
    if (cell.matches("td.cell") && editable) return; // the letters' own handler
    if (NAV.includes(event.key)) {
      const next = move(cell, event.key);
      if (next) visit(next, cell.cellIndex);
    } else if (event.key === "Enter" || event.key === "F2") {
      const first = cell.querySelector(WIDGETS);
      if (!first) return;
      first.focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  // A section loaded while the keyboard waited on it: carry on in the same column of its first row.
  document.body.addEventListener("htmx:load", (event) => {
    const element = event.detail.elt;
    if (!grid.contains(element)) return;
    quiet(element);
    if (element.tagName === "TBODY" && pendingColumn !== null && !grid.contains(document.activeElement)) {
      const row = element.querySelector("tr[data-a]");
      if (row) visit(cellAt(row, pendingColumn));
    }
    if (!grid.querySelector('th[tabindex="0"], td[tabindex="0"]')) {
      const first = grid.querySelector("td.cell") || grid.tHead.rows[0].cells[0];
      if (first) first.tabIndex = 0;
    }
  });

  quiet(grid);
  const menu = document.getElementById("cell-menu");
  const editable = Boolean(menu) && grid.dataset.editable === "true";
  if (!editable) {
    const first = grid.querySelector("td.cell") || grid.tHead.rows[0].cells[0];
    if (first) rove(first);
    return;
  }
  const url = grid.dataset.cellUrl;
  const cellsUrl = grid.dataset.cellsUrl;
  const undoButton = document.getElementById("undo");
  const sizeLabel = document.getElementById("selection-size");
  const keys = { R: "R", A: "A", S: "S", C: "C", I: "I", B: "AR" };
  const offered = new Set(Array.from(menu.querySelectorAll("[data-code]"), (b) => b.dataset.code));
  const undoStack = []; // change sets as applied: [[activity, role, before, after], …]
  let active = null;
  let anchor = null; // the other corner of a selection of several cells
  let undoing = false;

  const codeOf = (cell) => cell.textContent.trim().replace("/", "");
  const roleOf = (cell) => cell.id.split("-")[1];
  const activityOf = (cell) => cell.closest("tr").dataset.a;

  function notice(text, level) {
    const box = document.getElementById("grid-notice");
    box.innerHTML = "";
    if (!text) return;
    const alert = document.createElement("div");
    alert.className = `alert alert-${level || "warning"}`;
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    box.appendChild(alert);
  }

  // Refusals still carry the cells as they are and the notice naming them: show them.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if ([409, 422].includes(event.detail.xhr.status)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // What the server changed: one entry on the undo stack (an undo itself is not recorded).
  document.body.addEventListener("raci-applied", (event) => {
    const changes = (event.detail && (event.detail.changes || (event.detail.value || {}).changes)) || [];
    if (!undoing && changes.length) undoStack.push(changes);
    if (undoButton) undoButton.disabled = undoStack.length === 0;
  });

  function focusCell(cell) {
    if (!cell) return;
    rove(cell);
    cell.focus();
    active = cell;
  }

  // The row above or below, across section boundaries, skipping group headers and unloaded sections
  // (`strict`: stop at an unloaded section instead, so a paste never lands beyond rows the user cannot see).
  function nextRow(row, dy, strict) {
    const step = dy > 0 ? "nextElementSibling" : "previousElementSibling";
    let section = row.parentElement;
    row = row[step];
    for (;;) {
      while (row && !row.dataset.a) {
        if (strict && row.classList.contains("section-pending")) return null;
        row = row[step];
      }
      if (row) return row;
      section = section[step];
      if (!section || section.tagName !== "TBODY") return null;
      row = dy > 0 ? section.firstElementChild : section.lastElementChild;
    }
  }

  // Selection: the rectangle between anchor and active, over the loaded rows.
  function selected() {
    if (!active) return [];
    if (!anchor || anchor === active || !anchor.isConnected) return [active];
    let top = anchor.closest("tr");
    let bottom = active.closest("tr");
    if (top.compareDocumentPosition(bottom) & Node.DOCUMENT_POSITION_PRECEDING) [top, bottom] = [bottom, top];
    const left = Math.min(anchor.cellIndex, active.cellIndex);
    const right = Math.max(anchor.cellIndex, active.cellIndex);
    const cells = [];
    for (let row = top; row; row = row === bottom ? null : nextRow(row, 1)) {
      for (let i = left; i <= right; i++) cells.push(row.cells[i]);
    }
    return cells;
  }

  function paint() {
    grid.querySelectorAll("td.cell.selected").forEach((c) => {
      c.classList.remove("selected");
      c.removeAttribute("aria-selected");
    });
    const cells = selected();
    if (cells.length > 1) {
      cells.forEach((c) => {
        c.classList.add("selected");
        c.setAttribute("aria-selected", "true");
      });
    }
    if (sizeLabel) sizeLabel.textContent = cells.length > 1 ? `${cells.length} cells selected` : "";
  }

  function clearSelection() {
    anchor = null;
    paint();
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
        values: { activity: activityOf(cell), role: roleOf(cell), code: code, expected: codeOf(cell) },
      })
      .then(() => focusCell(document.getElementById(id)));
  }

  // A change set: [[activity, role, text, expected], …], applied whole or refused whole by the server.
  function sendMany(changes) {
    closeMenu();
    if (!changes.length) return Promise.resolve();
    const activeId = active && active.id;
    const anchorId = anchor && anchor.id;
    changes.forEach(([a, r]) => {
      const cell = document.getElementById(`c${a}-${r}`);
      if (cell) cell.classList.add("saving");
    });
    return htmx
      .ajax("POST", cellsUrl, {
        source: grid,
        target: "#grid-notice",
        swap: "outerHTML",
        values: { changes: JSON.stringify(changes) },
      })
      .then(() => {
        grid.querySelectorAll("td.saving").forEach((c) => c.classList.remove("saving"));
        anchor = anchorId ? document.getElementById(anchorId) : null;
        focusCell(document.getElementById(activeId));
        paint();
      });
  }

  function setSelection(code) {
    const cells = selected();
    if (cells.length === 1) return send(cells[0], code);
    sendMany(cells.map((c) => [activityOf(c), roleOf(c), code, codeOf(c)]));
  }

  function undo() {
    const last = undoStack.pop();
    if (undoButton) undoButton.disabled = undoStack.length === 0;
    if (!last) return notice("Nothing to undo.", "info");
    undoing = true;
    sendMany(last.map(([a, r, before, after]) => [a, r, before, after])).finally(() => (undoing = false));
  }

  grid.addEventListener("click", (event) => {
    const cell = event.target.closest("td.cell");
    if (!cell) return;
    if (event.shiftKey && active) {
      anchor = anchor || active;
      focusCell(cell);
      paint();
      openMenu(cell); // the letter picked goes to every selected cell
      return;
    }
    clearSelection();
    openMenu(cell);
  });

  grid.addEventListener("keydown", (event) => {
    const cell = event.target.closest("td.cell");
    if (!cell) return;
    const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
    if ((event.ctrlKey || event.metaKey) && key === "Z") {
      event.preventDefault();
      return undo();
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return; // copy and paste: their own events below
    const moves = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    if (moves[key]) {
      const next = move(cell, key);
      if (next && next.classList.contains("cell")) {
        if (event.shiftKey) anchor = anchor || cell;
        else anchor = null;
        focusCell(next);
        paint();
      } else if (!event.shiftKey) {
        const other = move(cell, key); // the header row, an activity's name, the rule status
        if (other) {
          clearSelection();
          visit(other, cell.cellIndex);
        }
      }
    } else if (key === "Home" || key === "End") {
      clearSelection();
      visit(move(cell, key));
    } else if (key === "Escape") {
      clearSelection();
    } else if (key === "Enter" || key === " ") {
      openMenu(cell);
    } else if (!typeLetter(key)) {
      return;
    }
    event.preventDefault();
  });

  // A letter typed (R, A, S, C, I; B for A/R) or Delete sets the selection; false for any other key.
  function typeLetter(key) {
    if (key === "Delete" || key === "Backspace") setSelection("");
    else if (keys[key] && offered.has(keys[key])) setSelection(keys[key]);
    else return false;
    return true;
  }

  menu.addEventListener("click", (event) => {
    const button = event.target.closest("[data-code]");
    if (button && active) setSelection(button.dataset.code);
  });

  // A click opens the menu with the focus in it; typing a letter there sets it, as typing on the cell does.
  menu.addEventListener("keydown", (event) => {
    const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
    if (event.ctrlKey || event.metaKey || event.altKey || !active) return;
    if (key === "Escape") {
      closeMenu();
      focusCell(active);
    } else if (!typeLetter(key)) {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    if (!menu.hidden && !menu.contains(event.target) && !event.target.closest("td.cell")) closeMenu();
  });

  if (undoButton) undoButton.addEventListener("click", undo);

  const inGrid = () => active && active.isConnected && grid.contains(document.activeElement);

  // Paste: a block of letters copied from a spreadsheet (tab-separated lines) lands at the selection's top-left
  // cell; one value pasted on a selection fills it. One change set: all of it is saved, or none.
  document.addEventListener("paste", (event) => {
    if (!inGrid()) return;
    const text = (event.clipboardData || window.clipboardData).getData("text/plain");
    if (!text) return;
    event.preventDefault();
    const block = text.replace(/\r?\n$/, "").split(/\r?\n/).map((line) => line.split("\t"));
    const cells = selected();
    if (block.length === 1 && block[0].length === 1 && cells.length > 1) {
      return sendMany(cells.map((c) => [activityOf(c), roleOf(c), block[0][0], codeOf(c)]));
    }
    const start = cells[0];
    const changes = [];
    let row = start.closest("tr");
    for (let i = 0; i < block.length; i++) {
      if (!row) {
        return notice(`The pasted block has ${block.length} rows; only ${i} fit below the selected cell ` +
          "(or the next rows are not loaded yet: scroll down to load them). Nothing was changed.");
      }
      for (let j = 0; j < block[i].length; j++) {
        const cell = row.cells[start.cellIndex + j];
        if (!cell || !cell.classList.contains("cell")) {
          return notice(`The pasted block has ${block[i].length} columns; only ${j} fit right of the selected ` +
            "cell. Nothing was changed.");
        }
        changes.push([activityOf(cell), roleOf(cell), block[i][j], codeOf(cell)]);
      }
      row = i + 1 < block.length ? nextRow(row, 1, true) : row;
    }
    sendMany(changes);
  });

  // Copy: the selected cells as tab-separated lines, as a spreadsheet would take them.
  document.addEventListener("copy", (event) => {
    if (!inGrid()) return;
    const cells = selected();
    const lines = [];
    let row = null;
    cells.forEach((c) => {
      if (c.closest("tr") !== row) {
        row = c.closest("tr");
        lines.push([]);
      }
      lines[lines.length - 1].push(c.textContent.trim());
    });
    event.clipboardData.setData("text/plain", lines.map((l) => l.join("\t")).join("\n"));
    event.preventDefault();
  });

  focusCell(grid.querySelector("td.cell"));
  window.scrollTo(0, 0);
})();
