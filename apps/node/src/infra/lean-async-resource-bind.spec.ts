import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';

describe('installLeanAsyncResourceBind', () => {
  const original = AsyncResource.prototype.bind;
  afterEach(() => {
    AsyncResource.prototype.bind = original;
  });

  it('binds like Node: the function runs in the resource async context, with this, arguments, result and length', () => {
    installLeanAsyncResourceBind();
    const als = new AsyncLocalStorage<string>();
    const resource = als.run('request-1', () => new AsyncResource('test'));
    const fn = function (this: unknown, a: number, b: number): unknown {
      return { store: als.getStore(), self: this, sum: a + b };
    };
    const bound = resource.bind(fn);
    const receiver = { name: 'receiver' };
    // Called outside the context: it still sees the resource's one.
    expect(als.run('other', () => bound.call(receiver, 2, 3))).toEqual({ store: 'request-1', self: receiver, sum: 5 });
    // Node's bind(fn, thisArg) form (not in this @types/node's signature).
    const bindWith = resource.bind.bind(resource) as unknown as (f: typeof fn, self: unknown) => typeof fn;
    expect(bindWith(fn, receiver)(1, 1)).toEqual({ store: 'request-1', self: receiver, sum: 2 });
    expect(bound.length).toBe(2);
  });

  it('drops the deprecated asyncResource property that made each bind expensive', () => {
    const resource = new AsyncResource('test');
    expect(Object.getOwnPropertyDescriptor(resource.bind(() => 1), 'asyncResource')).toBeDefined(); // Node 20 as shipped
    installLeanAsyncResourceBind();
    expect(Object.getOwnPropertyDescriptor(resource.bind(() => 1), 'asyncResource')).toBeUndefined();
  });

  it('refuses a non-function as Node does', () => {
    installLeanAsyncResourceBind();
    expect(() => new AsyncResource('test').bind(42 as unknown as () => void)).toThrow(TypeError);
  });
});
