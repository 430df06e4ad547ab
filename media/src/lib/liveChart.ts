// A live time-series chart (uPlot) of the last two minutes, in the colours of the VS Code theme; redrawn
// when the theme changes and resized with its box (a chart born in a hidden tab has no width yet).
import uPlot from 'uplot';

export const WINDOW_MS = 2 * 60_000;

export interface LiveChartOptions {
  label: string;
  /** a --vscode-charts-* colour name: blue, red, green, yellow, orange, purple */
  color: string;
  format: (value: number) => string;
  /** the y range floor for the top: 100 for a percentage, so a calm container does not draw noise full-height */
  minMax?: number;
  height?: number;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export class LiveChart {
  private plot: uPlot | undefined;
  private points: [time: number, value: number][] = [];
  private readonly resizer: ResizeObserver;
  private readonly themeWatcher: MutationObserver;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: LiveChartOptions,
  ) {
    this.resizer = new ResizeObserver(() => this.fit());
    this.resizer.observe(host);
    // VS Code swaps body classes (vscode-light, vscode-dark, vscode-high-contrast) on a theme change
    this.themeWatcher = new MutationObserver(() => this.rebuild());
    this.themeWatcher.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
    this.rebuild();
  }

  setPoints(points: [number, number][]): void {
    this.points = points.slice();
    this.trim();
    this.draw();
  }

  push(time: number, value: number): void {
    if (this.points.length > 0 && time <= this.points[this.points.length - 1][0]) return;
    this.points.push([time, value]);
    this.trim();
    this.host.dataset.samples = String(this.points.length); // how much there is to see (tests wait on it)
    this.draw();
  }

  destroy(): void {
    this.resizer.disconnect();
    this.themeWatcher.disconnect();
    this.plot?.destroy();
  }

  private trim(): void {
    const newest = this.points.length > 0 ? this.points[this.points.length - 1][0] : 0;
    const firstKept = this.points.findIndex(([time]) => time >= newest - WINDOW_MS);
    if (firstKept > 0) this.points.splice(0, firstKept);
  }

  private data(): uPlot.AlignedData {
    return [this.points.map(([time]) => time / 1000), this.points.map(([, value]) => value)];
  }

  private draw(): void {
    this.plot?.setData(this.data());
  }

  private fit(): void {
    const width = Math.floor(this.host.clientWidth);
    if (!this.plot || width <= 0) return;
    if (width !== this.plot.width) this.plot.setSize({ width, height: this.options.height ?? 170 });
  }

  private rebuild(): void {
    this.plot?.destroy();
    const foreground = cssVar('--vscode-foreground', '#cccccc');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const line = cssVar(`--vscode-charts-${this.options.color}`, '#3794ff');
    const font = `${cssVar('--vscode-font-size', '12px')} ${cssVar('--vscode-font-family', 'sans-serif')}`;
    const { format, minMax = 0 } = this.options;
    const axis = { stroke: foreground, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    this.plot = new uPlot(
      {
        width: Math.max(Math.floor(this.host.clientWidth), 200),
        height: this.options.height ?? 170,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max * 1.15, minMax, 1e-9)] } },
        series: [
          {},
          {
            label: this.options.label,
            stroke: line,
            width: 1.5,
            fill: `color-mix(in srgb, ${line} 18%, transparent)`,
            points: { show: false },
            value: (_u, v) => (v === null ? '—' : format(v)),
          },
        ],
        axes: [
          {
            ...axis,
            space: 90,
            values: (_u, values) =>
              values.map((v) =>
                new Date(v * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
              ),
          },
          { ...axis, size: 84, values: (_u, values) => values.map((v) => format(v)) },
        ],
      },
      this.data(),
      this.host,
    );
  }
}
