// The "Cache Explorer" output channel, and the one way failures reach the user: a message with "Show Log".
import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Cache Explorer', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  /** Logs the failure and tells the user, with a way to the details; never throws. */
  fail(what: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.channel.error(`${what}: ${reason}`);
    if (error instanceof Error && error.stack) this.channel.debug(error.stack);
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(`${what}: ${reason}`, showLog).then((choice) => {
      if (choice) this.channel.show(true);
    });
  }

  dispose(): void {
    this.channel.dispose();
  }
}
