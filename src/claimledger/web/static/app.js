// The article page: select a highlighted quote or claim to show its details and evidence.
// No inline script anywhere (the Content-Security-Policy forbids it); this file is all.
"use strict";
(function () {
  const text = document.getElementById("text");
  if (!text) return;
  let current = null;

  function select(id) {
    document.querySelectorAll(".detail").forEach((d) => { d.hidden = true; });
    document.querySelectorAll(".seg.selected, .seg.evidence").forEach((s) => {
      s.classList.remove("selected", "evidence");
    });
    const detail = document.getElementById("detail-" + id);
    if (!detail) return;
    detail.hidden = false;
    const hint = document.getElementById("hint");
    if (hint) hint.hidden = true;
    text.querySelectorAll(".seg").forEach((s) => {
      if ((s.dataset.items || "").split(" ").includes(id)) s.classList.add("selected");
      if ((s.dataset.evidence || "").split(" ").includes(id)) s.classList.add("evidence");
    });
    current = id;
    document.body.dataset.selected = id;
  }

  // A segment may lie in a quote and a claim: the first click picks the claim (the
  // narrower item), a second click on the same place the quote.
  function pick(seg) {
    const items = (seg.dataset.items || "").split(" ").filter(Boolean);
    if (!items.length) return;
    const claims = items.filter((i) => i.startsWith("C"));
    const quotes = items.filter((i) => i.startsWith("Q"));
    const order = claims.reverse().concat(quotes.reverse());
    const next = order[(order.indexOf(current) + 1) % order.length];
    select(next);
  }

  text.addEventListener("click", (event) => {
    const seg = event.target.closest(".seg");
    if (seg) pick(seg);
  });
  text.addEventListener("keydown", (event) => {
    const seg = event.target.closest(".seg");
    if (seg && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      pick(seg);
    }
  });
  document.querySelectorAll("[data-select]").forEach((button) => {
    button.addEventListener("click", () => select(button.dataset.select));
  });
})();
