// Boards: drag a card to another column (SortableJS). A drop submits the card's own move
// form with the button for that column, so a drag and the keyboard's Move menu are one
// path: an htmx POST with the CSRF header, answered with the board as the server has it.
// A refused move therefore puts the card back where it was, with the reason above.
(function () {
  "use strict";
  if (!window.Sortable) return;
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function submitMove(card, column) {
    var form = card.querySelector("form.board-move");
    if (!form) return;
    var button = form.querySelector('button[name="to"][value="' + column + '"]');
    if (!button) return;
    button.click();  // as a click, so htmx sends the button's value with the form
  }

  function wire(root) {
    var board = root.id === "board" ? root : root.querySelector && root.querySelector("#board");
    if (!board || board.getAttribute("data-wired")) return;
    board.setAttribute("data-wired", "1");
    board.querySelectorAll(".board-cards").forEach(function (list) {
      window.Sortable.create(list, {
        group: "board-" + board.getAttribute("data-board"),
        sort: false,
        animation: still ? 0 : 150,
        draggable: ".board-card",
        filter: "a, button, summary, input, select",
        preventOnFilter: false,
        delay: 150,
        delayOnTouchOnly: true,
        ghostClass: "board-card-ghost",
        chosenClass: "board-card-chosen",
        onEnd: function (event) {
          if (event.from === event.to) return;
          submitMove(event.item, event.to.getAttribute("data-column"));
        }
      });
    });
    var focus = board.getAttribute("data-focus");
    var card = focus && document.getElementById(focus);
    if (card) {
      var summary = card.querySelector("summary");
      (summary || card).focus();
      card.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }

  wire(document);
  // htmx settles a swapped element by copying the old one's attributes, style included: the
  // strict policy refuses inline style, so drop what SortableJS left on the cards first.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var board = document.getElementById("board");
    if (!board || event.detail.target !== board) return;
    board.querySelectorAll("[style]").forEach(function (el) { el.removeAttribute("style"); });
  });
  document.addEventListener("htmx:load", function (event) { wire(event.detail.elt); });
  // A move the server could not answer (the card is gone, the session ended): show the
  // board as it really is rather than leave a card where it was dropped.
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("#board")) {
      window.location.reload();
    }
  });
})();
