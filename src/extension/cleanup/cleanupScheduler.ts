// Interval cleanup: every `cleanupInterval` minutes, skipped while a run is still going, logged, never fatal.
// Restarts when the setting changes; deletes nothing in an untrusted workspace (starts once trust is granted).
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { CacheFolders } from '../model/cacheFolders';
import { cleanupIntervalMinutes, onDidChangeSettings } from '../settings';
import type { ExpiredCleanup } from './expiredCleanup';

export class CleanupScheduler implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly folders: CacheFolders,
    private readonly cleanup: ExpiredCleanup,
    private readonly log: Log,
    /** Whether automatic deletion is allowed now; injectable so the untrusted case can be tested. */
    private readonly isTrusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {
    this.subscriptions = [
      onDidChangeSettings(['cleanupInterval'], () => this.restart()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.restart()),
    ];
    this.restart();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private restart(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const minutes = cleanupIntervalMinutes();
    if (minutes <= 0) return;
    if (!this.isTrusted()) {
      this.log.info('Interval cleanup is off: the workspace is not trusted');
      return;
    }
    this.timer = setInterval(() => void this.tick(), minutes * 60_000);
    this.log.info(`Interval cleanup every ${minutes} min`);
  }

  private async tick(): Promise<void> {
    // A slow run (a huge cache, a network drive) is not stacked with the next one.
    if (this.cleanup.busy || !this.isTrusted()) return;
    const schedule = this.timer;
    try {
      // Only while this schedule still stands: turning the interval off (or changing it) stops what it queued.
      await this.cleanup.run(this.folders.all(), 'interval', () => this.timer === schedule && this.isTrusted());
    } catch (error) {
      this.log.warn(`Interval cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.subscriptions.forEach((s) => s.dispose());
  }
}
