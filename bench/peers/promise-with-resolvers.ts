/**
 * `Promise.withResolvers` (ES2024), which the Restate SDK calls, arrived in Node.js 22; this
 * project also runs on Node.js 20 (package.json engines), where the Restate endpoint defines it
 * exactly as the standard does. Imported before the SDK; does nothing where Node.js has it.
 */
const withResolvers = function withResolvers<T>() {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const promiseConstructor = Promise as unknown as { withResolvers?: typeof withResolvers };
if (typeof promiseConstructor.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', { value: withResolvers, writable: true, configurable: true });
}

export {};
