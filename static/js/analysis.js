/* Feedback analysis: code a highlighted span of an answer (progressive enhancement).
 * Without JavaScript each form codes the whole answer, or the words typed into its passage field. With it,
 * selecting text inside an answer (with the mouse, or with the keyboard in the read-only copy that "Select
 * part with the keyboard" opens) fills the form's hidden start/end fields with character offsets (Unicode
 * code points into the stored text, as the server and REFI-QDA count them) and the button says it will code
 * the selection. A search box narrows each card's list of codes. */
(function () {
  "use strict";

  // Offsets of the range inside the element's text, as code points of the stored text. The DOM counts
  // UTF-16 units (an emoji is two) and the element's textContent is the stored text (saved with LF
  // line breaks, which is how the page holds them), so the UTF-16 offsets are read against it.
  function offsetsWithin(element, range) {
    var before = document.createRange();
    before.selectNodeContents(element);
    before.setEnd(range.startContainer, range.startOffset);
    var content = element.textContent;
    var from = before.toString().length;
    var to = from + range.toString().length;
    return [Array.from(content.slice(0, from)).length, Array.from(content.slice(0, to)).length];
  }

  function setUp(form) {
    var card = form.closest(".answer-card");
    var text = card && card.querySelector("[data-codable]");
    if (!text) { return null; }
    var start = form.querySelector("input[name=start]");
    var end = form.querySelector("input[name=end]");
    var status = form.querySelector(".selection-status");
    var button = form.querySelector("button[type=submit]");
    var clear = form.querySelector("[data-clear-selection]");
    var wholeLabel = button.getAttribute("data-whole-label");

    function reset() {
      start.value = "";
      end.value = "";
      status.textContent = "";
      button.textContent = wholeLabel;
      clear.hidden = true;
    }

    clear.addEventListener("click", reset);

    function chooseOffsets(from, to, shown) {
      if (to <= from) { return; }
      start.value = String(from);
      end.value = String(to);
      status.textContent = "Selected: \u201c" + shown + "\u201d";
      button.textContent = "Code the selected text";
      clear.hidden = false;
    }

    // Keyboard selection: a read-only copy of the text that takes focus, so Shift+arrows select in it.
    var keyboard = form.querySelector("[data-keyboard-select]");
    if (keyboard) {
      keyboard.hidden = false;
      keyboard.addEventListener("click", function () {
        var area = form.querySelector("textarea.keyboard-select");
        if (!area) {
          area = document.createElement("textarea");
          // Not the readOnly property: Chromium then ignores the arrow keys, so no keyboard selection.
          // Edits are refused instead (and the text put back if one gets through).
          area.setAttribute("aria-readonly", "true");
          area.className = "keyboard-select";
          area.id = form.id ? form.id + "-kb" : "";
          area.setAttribute("aria-label", "Answer text: select the words to code with Shift and the arrow keys");
          area.value = text.textContent;
          keyboard.insertAdjacentElement("afterend", area);
          var pick = function () {
            var value = area.value;
            // selectionStart/End count UTF-16 units of the value (the stored text, LF line breaks).
            var a = Array.from(value.slice(0, area.selectionStart)).length;
            var b = Array.from(value.slice(0, area.selectionEnd)).length;
            chooseOffsets(a, b, value.slice(area.selectionStart, area.selectionEnd));
          };
          var original = text.textContent;
          area.addEventListener("beforeinput", function (event) { event.preventDefault(); });
          area.addEventListener("input", function () { area.value = original; });
          area.addEventListener("select", pick);
          area.addEventListener("keyup", pick);
          area.addEventListener("mouseup", pick);
        }
        area.focus();
        area.setSelectionRange(0, 0);
      });
    }

    // Narrow the list of codes as the organiser types.
    var search = form.querySelector("[data-code-search]");
    if (search) {
      search.hidden = false;
      var input = search.querySelector("input");
      input.addEventListener("input", function () {
        var needle = input.value.trim().toLowerCase();
        form.querySelectorAll(".code-options .checkbox").forEach(function (row) {
          row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
        });
      });
    }
    return {
      text: text,
      choose: function (range) {
        var offsets = offsetsWithin(text, range);
        chooseOffsets(offsets[0], offsets[1], range.toString());
      }
    };
  }

  var forms = [];
  document.querySelectorAll("[data-coding-form]").forEach(function (form) {
    var state = setUp(form);
    if (state) { forms.push(state); }
  });
  if (!forms.length) { return; }

  // A selection stays chosen after the mouse moves on to the codes list (which collapses it).
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    forms.forEach(function (state) {
      if (state.text.contains(range.startContainer) && state.text.contains(range.endContainer)) {
        state.choose(range);
      }
    });
  });
})();
