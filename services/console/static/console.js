// Progressive enhancement only: every page works without this file.
// A form sent back with a refusal moves the focus to the sentence saying why, so a keyboard
// or screen-reader user hears it first instead of starting again at the top of the page.
document.addEventListener("DOMContentLoaded", () => {
  const problem = document.getElementById("form-problem");
  if (problem) {
    problem.setAttribute("tabindex", "-1");
    problem.focus();
  }
});
