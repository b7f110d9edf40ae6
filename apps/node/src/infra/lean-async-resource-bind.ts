import { AsyncResource } from 'node:async_hooks';

type AnyFunction = (...args: never[]) => unknown;
type Callable = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Node 20's AsyncResource.prototype.bind also defines a deprecated `asyncResource` property
 * (DEP0172) on every function it returns, building two `deprecate()` wrappers per call. fastify
 * binds one function per request that has a body (its content-type parser), and that property
 * alone took 8-12 % of a single node's time on `POST /queue/:name` (node --cpu-prof). This
 * replacement binds the same way, minus the deprecated property: the function runs in the
 * resource's async scope (AsyncLocalStorage and async_hooks see the same context) with the same
 * `this`, arguments and result. Installed once, by the node process's entry (main.ts).
 */
export function installLeanAsyncResourceBind(): void {
  AsyncResource.prototype.bind = function bind<Func extends AnyFunction>(this: AsyncResource, fn: Func, thisArg?: unknown): Func {
    if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
    const resource = this;
    const bound = function (this: unknown, ...args: unknown[]): unknown {
      return resource.runInAsyncScope(fn as unknown as Callable, thisArg === undefined ? this : thisArg, ...args);
    };
    Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: fn.length, writable: false });
    return bound as unknown as Func;
  } as typeof AsyncResource.prototype.bind;
}
