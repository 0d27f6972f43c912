// Fires once a minute so relative times ("expires in 3 h") and expired counts stay true without re-reading disk.
import * as vscode from 'vscode';

export class MinuteTicker implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly timer = setInterval(() => this.emitter.fire(), 60_000);

  readonly onDidTick = this.emitter.event;

  dispose(): void {
    clearInterval(this.timer);
    this.emitter.dispose();
  }
}
