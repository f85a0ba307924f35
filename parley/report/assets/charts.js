/* Draws every Plotly figure embedded as <script type="application/json" data-chart="TARGET-ID">.
   A click on a point follows the evidence link in its customdata (relative links only). */
(function () {
  "use strict";

  function follow(event) {
    var point = event.points && event.points[0];
    var link = point && point.customdata;
    if (typeof link === "string" && link !== "" && link.indexOf(":") === -1) {
      window.location.href = link;
    }
  }

  function draw(source) {
    var target = document.getElementById(source.getAttribute("data-chart"));
    if (!target) {
      return null;
    }
    var figure = JSON.parse(source.textContent);
    var config = { displaylogo: false, responsive: true };
    return Plotly.react(target, figure.data, figure.layout, config).then(function (plot) {
      if (!plot.parleyBound) {
        plot.on("plotly_click", follow);
        plot.parleyBound = true;
      }
      return plot;
    });
  }

  function drawAll(root) {
    var sources = (root || document).querySelectorAll('script[type="application/json"][data-chart]');
    for (var i = 0; i < sources.length; i++) {
      draw(sources[i]);
    }
  }

  window.parleyCharts = { draw: draw, drawAll: drawAll };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
})();
