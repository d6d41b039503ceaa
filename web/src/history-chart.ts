import uPlot from 'uplot';
import type { MetricHistory } from '../../clients/typescript';
import { formatNumber } from './format';

const PHONE_HEIGHT = 200;
const HEIGHT = 260;

function heightFor(width: number): number {
  return width < 560 ? PHONE_HEIGHT : HEIGHT;
}

/** The page's colours (styles.css), so the chart follows the light or dark scheme. */
function colours(): { line: string; fill: string; axis: string; grid: string } {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return { line: read('--accent'), fill: read('--accent-fill'), axis: read('--muted'), grid: read('--grid') };
}

const dark = window.matchMedia('(prefers-color-scheme: dark)');

/** One metric's history as a line (gaps where no sample exists), resized with its container. */
export class HistoryChart {
  private plot: uPlot | null = null;
  private label = '';
  private data: uPlot.AlignedData = [[], []];
  private unit = '';

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => {
      const width = this.container.clientWidth;
      if (this.plot && width > 0 && width !== this.plot.width) {
        this.plot.setSize({ width, height: heightFor(width) });
      }
    }).observe(container);
    // uPlot draws on a canvas: a change of scheme needs a new drawing in the new colours.
    dark.addEventListener('change', () => {
      if (this.plot) this.redraw();
    });
  }

  show(history: MetricHistory, label: string): void {
    const xs = history.points.map((point) => Date.parse(point.timestamp) / 1000);
    const ys = history.points.map((point) => point.value);
    this.data = [xs, ys];
    if (this.plot && label === this.label) {
      this.plot.setData(this.data);
    } else {
      this.label = label;
      this.unit = history.unit;
      this.redraw();
    }
    const samples = ys.filter((value) => value !== null).length;
    const last = ys.filter((value) => value !== null).pop();
    this.container.dataset.state = 'ready';
    this.container.dataset.metric = history.metricType;
    this.container.dataset.interval = history.interval;
    this.container.dataset.from = history.from;
    this.container.dataset.to = history.to;
    this.container.dataset.points = String(xs.length);
    this.container.dataset.samples = String(samples);
    this.container.dataset.last = last === undefined || last === null ? '' : String(last);
  }

  private redraw(): void {
    this.plot?.destroy();
    this.plot = this.create(this.data, this.label);
    this.container.dataset.scheme = dark.matches ? 'dark' : 'light';
  }

  private create(data: uPlot.AlignedData, label: string): uPlot {
    const width = Math.max(this.container.clientWidth, 240);
    const colour = colours();
    const options: uPlot.Options = {
      width,
      height: heightFor(width),
      // Local time on the axis, like the rest of the page.
      tzDate: (seconds) => new Date(seconds * 1000),
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: { y: { range: (_plot, min, max) => [Math.min(0, min), Math.max(max * 1.1, 1)] } },
      series: [
        {},
        {
          label,
          stroke: colour.line,
          width: 2,
          fill: colour.fill,
          spanGaps: false,
          points: { show: false },
          value: (_plot, value) => (value === null ? '–' : `${formatNumber(value)} ${this.unit}`),
        },
      ],
      axes: [
        { stroke: colour.axis, grid: { stroke: colour.grid } },
        {
          stroke: colour.axis,
          grid: { stroke: colour.grid },
          size: 60,
          values: (_plot, ticks) => ticks.map((tick) => formatNumber(tick)),
        },
      ],
    };
    return new uPlot(options, data, this.container);
  }
}
