// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  focusTheRefusal();
  keepLiveRegionsCurrent();
});

// A form sent back with a refusal moves the focus to the sentence saying why, so a keyboard
// or screen-reader user hears it first instead of starting again at the top of the page.
function focusTheRefusal() {
  const problem = document.getElementById("form-problem");
  if (problem) {
    problem.setAttribute("tabindex", "-1");
    problem.focus();
  }
}

// Live pages (docs/console.md, "Live pages"): each element marked data-live-region is drawn
// again when an event it cares about arrives on the stream (data-live-on lists the event
// types; none: every event). The page is fetched again as a whole and only those elements are
// swapped, found in the fresh page by their id (or, lacking one, by their place among the
// page's live regions), then the region's data-live-announce sentence is read out.
function keepLiveRegionsCurrent() {
  const stream = document.body.dataset.liveStream;
  const regions = [...document.querySelectorAll("[data-live-region]")];
  if (!stream || regions.length === 0 || !("EventSource" in window)) {
    return;
  }
  const stale = new Set();
  let fetching = false;

  async function redraw() {
    if (fetching) {
      return;
    }
    fetching = true;
    try {
      while (stale.size > 0) {
        const due = [...stale];
        stale.clear();
        const answer = await fetch(window.location.href, { headers: { Accept: "text/html" } });
        if (!answer.ok) {
          return;
        }
        const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
        const freshRegions = fresh.querySelectorAll("[data-live-region]");
        due.forEach((region) => {
          const place = regions.indexOf(region);
          swap(region, region.id ? fresh.getElementById(region.id) : freshRegions[place]);
        });
      }
    } finally {
      fetching = false;
    }
  }

  const source = new EventSource(stream);
  source.addEventListener("ready", () => {
    document.body.dataset.liveListening = "true";
  });
  source.onmessage = (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    regions.filter((region) => caresAbout(region, event.type)).forEach((r) => stale.add(r));
    redraw();
  };
}

function caresAbout(region, type) {
  const wanted = (region.dataset.liveOn || "").split(/\s+/).filter(Boolean);
  return wanted.length === 0 || wanted.includes(type);
}

// What the person has started filling in inside a region (a request ticked in the queue, a
// reason chosen) survives the redraw: their controls, found again by id, get their values back.
// A region with such a control that has no id is left as it is until the form is sent.
function swap(region, fresh) {
  if (!fresh || fresh.innerHTML === region.innerHTML) {
    return;
  }
  const changed = [...region.querySelectorAll("input, select, textarea")].filter(changedByPerson);
  if (changed.some((control) => !control.id)) {
    return;
  }
  const kept = changed.map((control) => [control.id, control.checked, control.value]);
  const focused = region.contains(document.activeElement) ? document.activeElement.id : null;
  region.innerHTML = fresh.innerHTML;
  for (const [id, checked, value] of kept) {
    const control = document.getElementById(id);
    if (control && region.contains(control)) {
      control.checked = checked;
      control.value = value;
    }
  }
  if (focused && document.getElementById(focused)) {
    document.getElementById(focused).focus();
  }
  announce(region.dataset.liveAnnounce);
}

function changedByPerson(control) {
  if (control.type === "checkbox" || control.type === "radio") {
    return control.checked !== control.defaultChecked;
  }
  if (control.tagName === "SELECT") {
    // With no option marked selected, a browser starts at the first one.
    const initial = [...control.options].findIndex((option) => option.defaultSelected);
    return control.selectedIndex !== Math.max(initial, 0);
  }
  return control.type !== "hidden" && control.value !== control.defaultValue;
}

// The layout's announcer carries a general sentence for regions that bring none of their own.
function announce(sentence) {
  const announcer = document.querySelector("[data-live-announcer]");
  if (!announcer) {
    return;
  }
  sentence = sentence || announcer.dataset.liveDefault;
  // Emptied first, so the same sentence twice in a row is read out twice.
  announcer.textContent = "";
  window.setTimeout(() => {
    announcer.textContent = sentence;
  }, 100);
}

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
