/* Feedback analysis: code a highlighted span of an answer (progressive enhancement).
 * Without JavaScript each form codes the whole answer. With it, selecting text inside an answer fills
 * the form's hidden start/end fields with character offsets (Unicode code points into the stored text, as
 * the server and REFI-QDA count them) and the button says it will code the selection. */
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
    return {
      text: text,
      choose: function (range) {
        var offsets = offsetsWithin(text, range);
        if (offsets[1] <= offsets[0]) { return; }
        start.value = String(offsets[0]);
        end.value = String(offsets[1]);
        status.textContent = "Selected: \u201c" + range.toString() + "\u201d";
        button.textContent = "Code the selected text";
        clear.hidden = false;
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
