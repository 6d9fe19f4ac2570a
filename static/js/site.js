/* Site-wide progressive enhancement: every page works without this script.
   - [data-copy]: a "Copy" button beside an address (calendar feeds).
   - .error-summary: focus moves to it so screen readers hear the problems first.
   - [data-filter-list]: a filter box above a long checkbox list (languages); aliases in data-aliases.
   - textareas in POST forms: what is typed is kept in this tab (sessionStorage) until the form is sent,
     so sending another form on the same page, or reloading, does not lose it. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (el) {
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "button button-small button-secondary copy-button";
    button.textContent = "Copy address";
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var text = el.value !== undefined && el.tagName === "INPUT" ? el.value : el.textContent.trim();
      function done(ok) { status.textContent = ok ? "Copied." : "Select the address and copy it."; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      } else {
        if (el.select) { el.select(); }
        try { done(document.execCommand("copy")); } catch (e) { done(false); }
      }
    });
    el.insertAdjacentElement("afterend", status);
    el.insertAdjacentElement("afterend", button);
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-list]"), function (list) {
    var id = list.id + "-filter";
    var wrap = document.createElement("div");
    wrap.className = "field list-filter";
    wrap.innerHTML = '<label for="' + id + '"></label><input type="search" id="' + id + '" autocomplete="off">';
    wrap.querySelector("label").textContent = list.getAttribute("data-filter-list");
    var input = wrap.querySelector("input");
    var items = list.querySelectorAll(".checkbox");
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(items, function (item) {
        var box = item.querySelector("input");
        var words = (item.textContent + " " + (item.getAttribute("data-aliases") || "")).toLowerCase();
        item.hidden = q !== "" && !box.checked && words.indexOf(q) === -1;
      });
    });
    var legend = list.querySelector("legend");
    (legend || list.firstChild).insertAdjacentElement(legend ? "afterend" : "beforebegin", wrap);
  });

  var storage;
  try { storage = window.sessionStorage; storage.setItem("sl-test", "1"); storage.removeItem("sl-test"); }
  catch (e) { storage = null; }
  if (!storage) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (form) {
    var boxes = form.querySelectorAll("textarea[name]");
    if (!boxes.length) { return; }
    var prefix = "sl-draft:" + location.pathname + ":" + (form.getAttribute("action") || "") + ":";
    Array.prototype.forEach.call(boxes, function (box) {
      var key = prefix + box.name;
      var saved = storage.getItem(key);
      if (saved && !box.value) { box.value = saved; }
      box.addEventListener("input", function () { storage.setItem(key, box.value); });
    });
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(boxes, function (box) { storage.removeItem(prefix + box.name); });
    });
  });
}());

/* A table that scrolls sideways on a narrow screen becomes a labelled, focusable region, so keyboard
   users can scroll it too (templates can do this without script: the table_region macro). */
(function () {
  "use strict";
  function label(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var el = table.closest(".table-wrap") || table;
    while (el && !/^H[1-6]$/.test(el.tagName)) { el = el.previousElementSibling || el.parentElement; }
    return el ? el.textContent.trim() + " (table)" : "Table";
  }
  // Bare tables get a wrapper (never role=region on the table itself: it would stop being a table).
  Array.prototype.forEach.call(document.querySelectorAll("table.table"), function (table) {
    if (table.closest(".table-wrap, .table-region")) { return; }
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(table);
  });
  function update() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (box) {
      var table = box.querySelector("table");
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", table ? label(table) : "Table");
        box.setAttribute("data-made-region", "");
      } else if (!scrolls && box.hasAttribute("data-made-region")) {
        ["tabindex", "role", "aria-label", "data-made-region"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  update();
  window.addEventListener("resize", update);
}());
