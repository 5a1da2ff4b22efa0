import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The service's only source of time, so tests can move it instead of waiting. `runAt` lets the
 * demo loader replay a history at the times it happened, visible only to the calls inside it.
 */
export abstract class Clock {
  private readonly replay = new AsyncLocalStorage<Date>();

  now(): Date {
    return new Date(this.replay.getStore() ?? this.current());
  }

  runAt<T>(at: Date, work: () => Promise<T>): Promise<T> {
    return this.replay.run(at, work);
  }

  protected abstract current(): Date;
}

export class SystemClock extends Clock {
  protected current(): Date {
    return new Date();
  }
}
