// The document viewer's page pictures (web/page_images.py): a picture that fails to load (its page could not be
// rendered) is replaced by the note beside it, never shown as a broken image. Loaded before the page's body, so
// no failure happens before the listener is there (error events do not bubble: caught on the way down).
document.addEventListener("error", (event) => {
  const picture = event.target;
  if (!(picture instanceof HTMLImageElement)) return;
  const figure = picture.closest("figure.page-image");
  if (!figure) return;
  figure.classList.add("failed");
  const note = figure.querySelector(".page-image-error");
  if (note) note.hidden = false;
  picture.remove();
}, true);
