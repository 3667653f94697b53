// Review queues (workspace/bulk.py): "all shown" ticks or unticks every row's box, and unticking a row unticks
// "all shown", so what the form sends is what the reviewer sees ticked. Without this script "all shown" still
// decides every row on the page that waits.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement)) return;
  if (box.matches("[data-choose-all]")) {
    document.querySelectorAll("input[data-choose]").forEach((row) => { row.checked = box.checked; });
  } else if (box.matches("[data-choose]") && !box.checked) {
    const all = document.querySelector("input[data-choose-all]");
    if (all) all.checked = false;
  }
});
