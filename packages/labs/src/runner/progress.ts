/** Formats seconds as 1m05s / 12.3s. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.round(seconds - m * 60)).padStart(2, '0')}s`;
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3);
}

/**
 * Progress of a long loop: one line per update with step, metrics, elapsed
 * time and ETA. On a terminal the line is rewritten in place; otherwise (CI,
 * pipes) a line is printed at most every `minInterval` seconds and at the end.
 */
export class Progress {
  private readonly start = performance.now();
  private lastPrint = -Infinity;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly write: (line: string, final: boolean) => void,
    private readonly minInterval = 2,
  ) {}

  /** Marks `n` more steps done, with the latest metrics. */
  tick(metrics: Record<string, number> = {}, n = 1): void {
    this.done = Math.min(this.total, this.done + n);
    const now = performance.now();
    const finished = this.done >= this.total;
    if (!finished && (now - this.lastPrint) / 1000 < this.minInterval) return;
    this.lastPrint = now;
    const elapsed = (now - this.start) / 1000;
    // No ETA until the rate is trustworthy (start-up and JIT warm-up skew the first steps).
    const trusted = elapsed >= 1 && this.done >= Math.max(2, this.total * 0.02);
    const eta = trusted ? (elapsed / this.done) * (this.total - this.done) : Number.NaN;
    const parts = Object.entries(metrics).map(([k, v]) => `${k} ${formatValue(v)}`);
    const line = `${this.label} ${this.done}/${this.total}${parts.length ? ` · ${parts.join(' · ')}` : ''} · ${formatDuration(elapsed)}${finished || Number.isNaN(eta) ? '' : ` · ETA ${formatDuration(eta)}`}`;
    this.write(line, finished);
  }
}
