/**
 * A one-line progress display on stderr, redrawn at most every 100 ms, shown only on a TTY so
 * piped output (`--json > out.json`) stays clean.
 */
export class Progress {
  private lastDraw = 0;
  private drawn = false;
  private readonly started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Shows `label` with a bar for `fraction` (0..1) and an ETA from the rate so far. */
  update(label: string, fraction: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && fraction < 1) return;
    this.lastDraw = now;
    const width = 24;
    const clamped = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(clamped * width);
    const elapsed = (now - this.started) / 1000;
    const eta = clamped > 0.02 && clamped < 1 ? ` ETA ${formatSeconds((elapsed / clamped) * (1 - clamped))}` : '';
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const text = `${label} ${bar} ${(clamped * 100).toFixed(0).padStart(3)}%${detail ? ` ${detail}` : ''}${eta}`;
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  /** Removes the progress line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(0)}s` : `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}
