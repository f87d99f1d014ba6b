// The organizer dashboard's charts (insights): the numbers come from the page's
// json_script block "dashboard-charts"; the same numbers are in the tables below
// each chart. Chart.js 4 is vendored in static/vendor/chartjs (no CDN).
(function () {
  "use strict";

  function draw(canvas, config) {
    // eslint-disable-next-line no-undef
    return new Chart(canvas, config);
  }

  function bar(labels, datasets, extra) {
    return {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign(
        { responsive: true, maintainAspectRatio: false, animation: false },
        extra || {}
      ),
    };
  }

  const builders = {
    days: (d) => ({
      type: "line",
      data: {
        labels: d.labels,
        datasets: [
          { label: "Lượt thi", data: d.attempts, borderColor: "#0a58ca", backgroundColor: "#0a58ca" },
          { label: "Người thi", data: d.people, borderColor: "#198754", backgroundColor: "#198754" },
          { label: "Lũy kế người thi", data: d.cumulative, borderColor: "#6c757d", backgroundColor: "#6c757d", borderDash: [4, 4] },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false },
    }),
    rounds: (d) => bar(d.labels, [
      { label: "Lượt thi", data: d.attempts, backgroundColor: "#0a58ca" },
      { label: "Người thi", data: d.people, backgroundColor: "#198754" },
    ]),
    scores: (d) => bar(d.labels, [{ label: "Số lượt thi", data: d.counts, backgroundColor: "#0a58ca" }]),
    predictions: (d) => bar(d.labels, [{ label: "Số lượt thi", data: d.counts, backgroundColor: "#6f42c1" }]),
    rates: (d) => bar(d.labels, [{ label: "Tỷ lệ tham gia (%)", data: d.rates, backgroundColor: "#dc3545" }], {
      indexAxis: "y",
      scales: { x: { min: 0, suggestedMax: 100 } },
    }),
  };

  function start() {
    const source = document.getElementById("dashboard-charts");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    const numbers = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const name = canvas.dataset.chart;
      if (builders[name] && numbers[name]) {
        draw(canvas, builders[name](numbers[name]));
        canvas.dataset.drawn = "1";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
