// Runs the engine's cleanup over cache folders one run at a time (a manual run waits for an interval run and
// the other way round), and remembers the last run for the status bar.
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { CacheFolder } from '../model/cacheFolder';

export interface CleanupRun {
  at: Date;
  removed: number;
  folders: number;
}

export class ExpiredCleanup implements vscode.Disposable {
  private queue: Promise<unknown> = Promise.resolve();
  private running = 0;
  private readonly emitter = new vscode.EventEmitter<CleanupRun>();

  readonly onDidRun = this.emitter.event;
  lastRun: CleanupRun | undefined;

  constructor(private readonly log: Log) {}

  get busy(): boolean {
    return this.running > 0;
  }

  /**
   * Removes expired entries in each folder that exists and that the folder guard accepts (a refused folder is
   * skipped and logged: nothing is read or deleted there); throws the first failure after trying them all.
   * `stillWanted` is asked when the run's turn comes (runs wait for each other): an interval run queued before the
   * interval was turned off then deletes nothing.
   */
  run(folders: readonly CacheFolder[], reason: string, stillWanted: () => boolean = () => true): Promise<CleanupRun> {
    this.running++;
    const run = this.queue.then(() => (stillWanted() ? this.cleanup(folders, reason) : { at: new Date(), removed: 0, folders: 0 }));
    this.queue = run.catch(() => undefined).finally(() => this.running--);
    return run;
  }

  private async cleanup(folders: readonly CacheFolder[], reason: string): Promise<CleanupRun> {
    let removed = 0;
    let cleaned = 0;
    const failures: unknown[] = [];
    for (const folder of folders) {
      const refusal = folder.refusal;
      if (refusal) {
        this.log.warn(vscode.l10n.t('Cleanup ({0}) skipped {1}: {2}', reason, folder.name, refusal));
        continue;
      }
      if (!(await folder.exists())) continue;
      try {
        const report = await folder.cacheForDeleting().cleanup();
        removed += report.removed;
        cleaned++;
        this.log.info(
          `Cleanup (${reason}) in ${folder.realPath}: removed ${report.removed} expired, kept ${report.kept}, ` +
            `${report.unreadable} unreadable, ${report.tempFilesRemoved} stale temp files removed`,
        );
      } catch (error) {
        failures.push(error);
      }
    }
    const run = { at: new Date(), removed, folders: cleaned };
    this.lastRun = run;
    this.emitter.fire(run);
    if (failures.length) throw failures[0];
    return run;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
