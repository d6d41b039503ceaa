import uPlot from 'uplot';
import type { MetricHistory } from '../../clients/typescript';
import { formatNumber } from './format';

const PHONE_HEIGHT = 200;
const HEIGHT = 260;

function heightFor(width: number): number {
  return width < 560 ? PHONE_HEIGHT : HEIGHT;
}

/** One metric's history as a line (gaps where no sample exists), resized with its container. */
export class HistoryChart {
  private plot: uPlot | null = null;
  private label = '';

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => {
      const width = this.container.clientWidth;
      if (this.plot && width > 0 && width !== this.plot.width) {
        this.plot.setSize({ width, height: heightFor(width) });
      }
    }).observe(container);
  }

  show(history: MetricHistory, label: string): void {
    const xs = history.points.map((point) => Date.parse(point.timestamp) / 1000);
    const ys = history.points.map((point) => point.value);
    const data: uPlot.AlignedData = [xs, ys];
    if (this.plot && label === this.label) {
      this.plot.setData(data);
    } else {
      this.plot?.destroy();
      this.label = label;
      this.plot = this.create(data, label, history.unit);
    }
    const samples = ys.filter((value) => value !== null).length;
    this.container.dataset.state = 'ready';
    this.container.dataset.metric = history.metricType;
    this.container.dataset.interval = history.interval;
    this.container.dataset.points = String(xs.length);
    this.container.dataset.samples = String(samples);
  }

  private create(data: uPlot.AlignedData, label: string, unit: string): uPlot {
    const width = Math.max(this.container.clientWidth, 240);
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
          label: `${label} (${unit})`,
          stroke: '#2f6fdf',
          width: 2,
          fill: 'rgba(47, 111, 223, 0.12)',
          spanGaps: false,
          points: { show: false },
          value: (_plot, value) => (value === null ? '–' : formatNumber(value)),
        },
      ],
      axes: [
        { stroke: '#5d6b82', grid: { stroke: '#eef1f6' } },
        {
          stroke: '#5d6b82',
          grid: { stroke: '#eef1f6' },
          size: 60,
          values: (_plot, ticks) => ticks.map((tick) => formatNumber(tick)),
        },
      ],
    };
    return new uPlot(options, data, this.container);
  }
}
