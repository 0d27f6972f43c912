// A small typed event: `event(listener)` subscribes and returns a disposable, like vscode.Event.

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (event: T) => void;

export class ChangeEmitter<T> {
  private listeners: Listener<T>[] = [];

  /** Subscribes; `dispose()` on the result unsubscribes. */
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners = [...this.listeners, listener];
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  /** Calls every listener; one that throws neither stops the others nor fails the cache operation. */
  fire(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('Cache change listener failed:', error);
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
