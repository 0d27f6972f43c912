// Runs the analysis of one folder at a time, cancellable, and follows the folder: a change asks for a re-run
// after a quiet moment; changes while a run is going make one more run after it, never a pile of them.
import type { CacheAnalysis } from '../../engine/analysis';
import { analyzeCache } from '../../engine/analysis';
import type { AnalysisFolder } from './analysisHost';

/** Quiet time after the last change before re-analysing, in ms: a pipeline writing a burst costs one run. */
export const FOLLOW_DEBOUNCE_MS = 1000;
/** The abort reason of a run the user cancelled; a run replaced by a newer one is aborted with another. */
const CANCELLED_BY_USER = Symbol('cancelled by the user');
const REPLACED = Symbol('replaced by a newer run');

export interface RunnerEvents {
  onListing(): void;
  onProgress(done: number, total: number | undefined, snapshot: () => CacheAnalysis): void;
  onResult(analysis: CacheAnalysis): void;
  onCancelled(): void;
  onError(error: unknown): void;
}

export class AnalysisRunner {
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private rerunAfter = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly folder: () => AnalysisFolder | undefined,
    private readonly events: RunnerEvents,
    private readonly debounceMs = FOLLOW_DEBOUNCE_MS,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Starts a run now, cancelling one in flight. */
  run(): Promise<void> {
    this.clearTimer();
    this.controller?.abort(REPLACED);
    const controller = new AbortController();
    this.controller = controller;
    const run = this.analyse(controller).finally(() => {
      if (this.running === run) this.running = undefined;
      if (this.controller === controller) this.controller = undefined;
      if (this.rerunAfter && !this.disposed && this.running === undefined) {
        this.rerunAfter = false;
        this.schedule();
      }
    });
    this.running = run;
    return run;
  }

  /** The folder changed: re-run once it has been quiet for a moment (after the current run, if any). */
  schedule(): void {
    if (this.disposed) return;
    if (this.running) {
      this.rerunAfter = true;
      return;
    }
    this.clearTimer();
    this.timer = setTimeout(() => void this.run(), this.debounceMs);
  }

  cancel(): void {
    this.clearTimer();
    this.rerunAfter = false;
    this.controller?.abort(CANCELLED_BY_USER);
  }

  private async analyse(controller: AbortController): Promise<void> {
    const { signal } = controller;
    const folder = this.folder();
    if (!folder) return;
    try {
      this.events.onListing();
      // Streamed: the first batches of files read make the first chart; the listing is never held whole.
      const analysis = await analyzeCache(folder.cache, {
        signal,
        separator: folder.separator,
        onProgress: ({ done, total, snapshot }) => {
          if (!signal.aborted) this.events.onProgress(done, total, snapshot);
        },
      });
      if (!signal.aborted) this.events.onResult(analysis);
    } catch (error) {
      // A run replaced by a newer one says nothing, even when it notices after the newer one ended; one cancelled
      // by the user says so.
      if (signal.aborted) {
        if (signal.reason === CANCELLED_BY_USER) this.events.onCancelled();
      } else {
        this.events.onError(error);
      }
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}
