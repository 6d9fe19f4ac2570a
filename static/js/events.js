/* Events form: show only the fields that apply (the form works fully without this script). */
(function () {
  "use strict";
  var form = document.querySelector(".event-form");
  if (!form) { return; }
  var category = form.querySelector("#category");
  var format = form.querySelector("#format");
  function toggle(id, show) {
    var wrapper = document.getElementById(id + "-field");
    if (!wrapper) { return; }
    var hasError = wrapper.classList.contains("field-error");
    wrapper.hidden = !show && !hasError;
  }
  function update() {
    if (category) {
      toggle("exam_component", category.value === "mrcpch");
      toggle("interview_level", category.value === "mock_interview");
    }
    if (format) { toggle("venue", format.value !== "online"); }
  }
  if (category) { category.addEventListener("change", update); }
  if (format) { format.addEventListener("change", update); }
  update();
}());
