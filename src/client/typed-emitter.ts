/** A listener of event `K` of an event map `M`. */
export type Listener<M, K extends keyof M> = (payload: M[K]) => void;

/**
 * A minimal typed event emitter that runs in browsers and Node alike. A
 * listener that throws does not stop the others, and does not reach the
 * client's internals: the error is rethrown asynchronously, like an uncaught
 * error in a DOM event handler.
 */
export class TypedEmitter<M> {
  private readonly listeners = new Map<keyof M, Set<Listener<M, keyof M>>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof M>(event: K, listener: Listener<M, K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<M, keyof M>);
    return () => this.off(event, listener);
  }

  /** Adds a listener that runs at most once. */
  once<K extends keyof M>(event: K, listener: Listener<M, K>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof M>(event: K, listener: Listener<M, K>): void {
    this.listeners.get(event)?.delete(listener as Listener<M, keyof M>);
  }

  /** Number of listeners of `event`. */
  listenerCount(event: keyof M): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  protected emit<K extends keyof M>(event: K, payload: M[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
