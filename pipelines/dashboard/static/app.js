/* xxgk dashboard: draws each page's charts with ECharts (SVG, so text uses the page's font)
   from the JSON in #charts, and runs the filters. Reads nothing from the network. */
(function () {
  'use strict';
  var FONT = '"XXGK Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var charts = [];

  function count(v) { return v === null || v === undefined ? '—' : Number(v).toLocaleString('zh-CN'); }
  function percent(v) { return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%'; }

  function base(spec) {
    var fmt = spec.percent ? percent : count;
    return {
      textStyle: { fontFamily: FONT },
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      legend: { type: 'scroll', top: 0, textStyle: { fontFamily: FONT } },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true }
    };
  }

  function bar(spec, horizontal) {
    var option = base(spec);
    var fmt = spec.percent ? percent : count;
    var categoryAxis = { type: 'category', data: spec.categories, axisLabel: { fontFamily: FONT } };
    var valueAxis = { type: 'value', minInterval: spec.percent ? 0 : 1,
                      axisLabel: { formatter: fmt, fontFamily: FONT } };
    if (horizontal) { categoryAxis.inverse = true; }
    option.xAxis = horizontal ? valueAxis : categoryAxis;
    option.yAxis = horizontal ? categoryAxis : valueAxis;
    option.series = spec.series.map(function (s) {
      return { name: s.name, type: spec.line ? 'line' : 'bar', data: s.data,
               stack: spec.stack ? 'all' : undefined, connectNulls: false,
               itemStyle: s.color ? { color: s.color } : undefined, emphasis: { focus: 'series' } };
    });
    if (horizontal) { option.legend.show = spec.series.length > 1; }
    return option;
  }

  function mapOption(spec, year) {
    var option = base(spec);
    var rows = spec.values[String(year)] || [];
    option.tooltip = { trigger: 'item', formatter: function (p) {
      var d = p.data;
      if (!d) { return p.name ? '无报告' : ''; }
      return d.province + '：' + percent(d.value) + '（' + count(d.numerator) + ' / ' + count(d.denominator) + '）';
    } };
    option.legend = { show: false };
    var values = rows.map(function (r) { return r.value; }).filter(function (v) { return v !== null; });
    // the year's own range, so provinces a few points apart are told apart
    var low = values.length ? Math.min.apply(null, values) : 0;
    var high = values.length ? Math.max.apply(null, values) : 1;
    if (high - low < 0.001) { low = Math.max(0, low - 0.05); high = Math.min(1, high + 0.05); }
    option.visualMap = { min: low, max: high, left: 8, bottom: 8, calculable: false,
                         text: [percent(high), percent(low)], inRange: { color: ['#fde0c5', '#a61b1b'] },
                         show: values.length > 0 };
    option.series = [{ type: 'map', map: 'china', nameProperty: 'id', roam: false, showLegendSymbol: false,
      label: { show: false }, emphasis: { label: { show: false } }, select: { disabled: true },
      data: rows.map(function (r) {
        return { name: r.code, province: r.name, value: r.value, numerator: r.numerator,
                 denominator: r.denominator, href: r.href };
      }) }];
    return option;
  }

  function visibleRows(table) {
    return Array.prototype.filter.call(table.tBodies[0].rows, function (row) { return !row.hidden; });
  }

  function peersOption(spec) {
    var table = document.getElementById(spec.table);
    var measure = document.getElementById('chart-measure');
    var column = measure ? Number(measure.value) : spec.column;
    var label = table.tHead.rows[0].cells[column].textContent;
    var rows = visibleRows(table).map(function (row) {
      var cell = row.cells[column];
      var raw = cell.getAttribute('data-value');
      return { name: row.cells[0].textContent, value: raw === '' ? null : Number(raw) };
    }).filter(function (r) { return r.value !== null; });
    rows.sort(function (a, b) { return b.value - a.value; });
    rows = rows.slice(0, spec.limit);
    var option = bar({ categories: rows.map(function (r) { return r.name; }), percent: true,
                       series: [{ name: label, data: rows.map(function (r) { return r.value; }) }] }, true);
    return option;
  }

  function optionOf(spec) {
    if (spec.kind === 'bar') { return bar(spec, false); }
    if (spec.kind === 'hbar') { return bar(spec, true); }
    if (spec.kind === 'map') { return mapOption(spec, spec.years[spec.years.length - 1]); }
    if (spec.kind === 'peers') { return peersOption(spec); }
    throw new Error('unknown chart kind ' + spec.kind);
  }

  function sizeFor(spec, element) {
    var bars = spec.kind === 'hbar' ? spec.categories.length : 0;
    if (spec.kind === 'peers') { bars = Math.min(spec.limit, visibleRows(document.getElementById(spec.table)).length); }
    element.style.height = (spec.kind === 'map' ? 540 : Math.max(320, 60 + 22 * bars)) + 'px';
  }

  function draw() {
    var specs = JSON.parse(document.getElementById('charts').textContent);
    specs.forEach(function (spec) {
      var element = document.getElementById(spec.id);
      sizeFor(spec, element);
      var chart = echarts.init(element, null, { renderer: 'svg' });
      chart.setOption(optionOf(spec));
      if (spec.kind === 'map') {
        chart.on('click', function (p) { if (p.data && p.data.href) { location.href = p.data.href; } });
      }
      charts.push({ spec: spec, chart: chart, element: element });
    });
    var pending = null;
    window.addEventListener('resize', function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.chart.resize(); }); }, 100);
    });
  }

  function redraw(kind, option) {
    charts.forEach(function (c) {
      if (c.spec.kind !== kind) { return; }
      var height = c.element.style.height;
      sizeFor(c.spec, c.element);
      if (c.element.style.height !== height) { c.chart.resize(); }
      c.chart.setOption(option ? option(c.spec) : optionOf(c.spec), { replaceMerge: ['series'] });
    });
  }

  function filters() {
    ['filter-year', 'filter-province'].forEach(function (id) {
      var select = document.getElementById(id);
      if (select) { select.addEventListener('change', function () { location.href = select.value; }); }
    });
    var sector = document.getElementById('filter-sector');
    var level = document.getElementById('filter-level');
    var shown = document.getElementById('shown-count');
    function apply() {
      var table = document.getElementById('t-peers');
      if (!table) { return; }
      var n = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var keep = (!sector.value || row.getAttribute('data-sector') === sector.value) &&
                   (!level.value || row.getAttribute('data-level') === level.value);
        row.hidden = !keep;
        if (keep) { n += 1; }
      });
      if (shown) { shown.textContent = '显示 ' + n.toLocaleString('zh-CN') + ' 个机关'; }
      redraw('peers');
    }
    if (sector && level) {
      sector.addEventListener('change', apply);
      level.addEventListener('change', apply);
      var measure = document.getElementById('chart-measure');
      if (measure) { measure.addEventListener('change', function () { redraw('peers'); }); }
      apply();
    }
    var mapYear = document.getElementById('map-year');
    if (mapYear) {
      var pick = function () {
        var table = document.getElementById('t-provinces');
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          row.hidden = row.getAttribute('data-year') !== mapYear.value;
        });
        redraw('map', function (spec) { return mapOption(spec, mapYear.value); });
      };
      mapYear.addEventListener('change', pick);
      pick();
    }
  }

  function start() { draw(); filters(); document.body.setAttribute('data-ready', 'true'); }
  if (document.fonts && document.fonts.load) {
    document.fonts.load('16px "XXGK Sans"', '政').then(start, start);
  } else { start(); }
})();
