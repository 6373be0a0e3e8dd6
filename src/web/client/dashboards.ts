/**
 * Draws the dashboard charts with ApexCharts (loaded before this script from
 * /assets/vendor/apexcharts/). Each `.dashboard-chart` carries its data as JSON in
 * `data-chart`; the table beside it has the same numbers, so a failed chart loses nothing.
 */
import type ApexChartsType from 'apexcharts';
import type { ApexOptions } from 'apexcharts';

interface ChartSpec {
  kind: 'bar' | 'line' | 'barh' | 'donut' | 'stacked';
  categories: string[];
  series: { name: string; data: (number | null)[] }[];
  unit?: string;
}

// Brand blue and a green, both with ≥ 3:1 contrast on white, then distinguishable extras.
const COLORS = ['#0b5394', '#1e7b34', '#b35900', '#6f42c1', '#a4262c'];

function optionsFor(spec: ChartSpec, lang: string): ApexOptions {
  const unit = spec.unit ? ` ${spec.unit}` : '';
  const format = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'es-PE', { maximumFractionDigits: 2 });
  const value = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${format.format(v)}${unit}`);
  const base: ApexOptions = {
    chart: {
      type: spec.kind === 'barh' || spec.kind === 'stacked' ? 'bar' : spec.kind,
      height: spec.kind === 'barh' || spec.kind === 'stacked' ? Math.max(200, 34 * spec.categories.length + 80) : 300,
      fontFamily: 'inherit',
      toolbar: { show: false },
      animations: { enabled: false },
      // Our page links apexcharts.css itself: no <style> element is injected (CSP).
      injectStyleSheet: false,
      stacked: spec.kind === 'stacked',
      redrawOnParentResize: true,
    },
    colors: COLORS,
    dataLabels: { enabled: false },
    legend: { position: 'bottom' },
    tooltip: { y: { formatter: (v: number) => value(v) } },
    noData: { text: '—' },
  };
  if (spec.kind === 'donut') {
    return { ...base, series: spec.series[0]?.data.map((v) => v ?? 0) ?? [], labels: spec.categories };
  }
  const options: ApexOptions = {
    ...base,
    series: spec.series.map((s) => ({ name: s.name, data: s.data })),
    xaxis: { categories: spec.categories, labels: { hideOverlappingLabels: true, rotate: -45 } },
  };
  // Values are on the y axis of columns and lines, on the x axis of horizontal bars.
  if (spec.kind === 'barh' || spec.kind === 'stacked') options.xaxis = { ...options.xaxis, labels: { formatter: (v: string) => value(Number(v)) } };
  else options.yaxis = { labels: { formatter: (v: number) => value(v) } };
  if (spec.kind === 'line') {
    options.stroke = { width: 3, curve: 'straight' };
    options.markers = { size: 3 };
  } else {
    options.plotOptions = { bar: { horizontal: spec.kind === 'barh' || spec.kind === 'stacked', columnWidth: '70%' } };
  }
  return options;
}

/**
 * The chart is a picture of the table beside it, hidden from assistive technology: nothing in it
 * may take keyboard focus (ApexCharts makes legend items focusable), also after a redraw.
 */
function keepOutOfTabOrder(el: HTMLElement): void {
  const apply = () => el.querySelectorAll('[tabindex]:not([tabindex="-1"]), a[href], button').forEach((x) => x.setAttribute('tabindex', '-1'));
  apply();
  new MutationObserver(apply).observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['tabindex'] });
}

function drawCharts(): void {
  const Apex = (window as unknown as { ApexCharts?: typeof ApexChartsType }).ApexCharts;
  if (!Apex) return;
  const lang = document.documentElement.lang;
  document.querySelectorAll<HTMLElement>('.dashboard-chart[data-chart]').forEach((el) => {
    try {
      const spec = JSON.parse(el.dataset.chart ?? '') as ChartSpec;
      const chart = new Apex(el, optionsFor(spec, lang));
      void chart.render().then(() => {
        keepOutOfTabOrder(el);
        el.setAttribute('data-rendered', 'true');
      });
    } catch {
      el.hidden = true; // the table still holds the numbers
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawCharts);
else drawCharts();
