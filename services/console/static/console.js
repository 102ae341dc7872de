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

// A "copy" button (data-copy = the id of the field to copy) is hidden until this script can
// copy: without JavaScript the field itself stays readable and selectable.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      const announcer = document.querySelector("[data-live-announcer]");
      if (announcer) announcer.textContent = button.dataset.copied;
    });
  }
});
