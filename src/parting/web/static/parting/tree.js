// Pan and zoom for the referral tree: the wheel and the +/− buttons change the SVG's
// viewBox, dragging moves it. No inline handlers: everything is wired here.
(function () {
  "use strict";
  function setup(svg, tools) {
    var base = svg.getAttribute("viewBox").split(" ").map(Number);
    var box = base.slice();
    function apply() { svg.setAttribute("viewBox", box.join(" ")); }
    function zoom(factor, cx, cy) {
      var w = box[2] * factor, h = box[3] * factor;
      if (w < 100 || w > base[2] * 4) return;
      box = [cx - (cx - box[0]) * factor, cy - (cy - box[1]) * factor, w, h];
      apply();
    }
    function centre() { return [box[0] + box[2] / 2, box[1] + box[3] / 2]; }
    function toSvg(event) {
      var rect = svg.getBoundingClientRect();
      return [box[0] + (event.clientX - rect.left) / rect.width * box[2],
              box[1] + (event.clientY - rect.top) / rect.height * box[3]];
    }
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = toSvg(event);
      zoom(event.deltaY < 0 ? 0.8 : 1.25, at[0], at[1]);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.target.closest("a")) return;  // let links work
      drag = { x: event.clientX, y: event.clientY, box: box.slice() };
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var rect = svg.getBoundingClientRect();
      var dx = (event.clientX - drag.x) / rect.width * box[2];
      var dy = (event.clientY - drag.y) / rect.height * box[3];
      box = [drag.box[0] - dx, drag.box[1] - dy, box[2], box[3]];
      apply();
    });
    svg.addEventListener("pointerup", function () { drag = null; });
    if (tools) {
      tools.addEventListener("click", function (event) {
        var button = event.target.closest("[data-zoom]");
        if (!button) return;
        var how = button.getAttribute("data-zoom"), c = centre();
        if (how === "in") zoom(0.8, c[0], c[1]);
        else if (how === "out") zoom(1.25, c[0], c[1]);
        else { box = base.slice(); apply(); }
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var svg = document.querySelector("svg[data-pan-zoom]");
    if (svg) setup(svg, document.querySelector("[data-tree-tools]"));
  });
})();
