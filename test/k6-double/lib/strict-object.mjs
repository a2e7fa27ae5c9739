// k6 objects (http, exec, exec.vu ...) have more members than the double emulates. Reading one it
// lacks must fail loudly, naming it, rather than yield `undefined` and let a script go wrong later.

/** Property names the runtime itself probes (await, JSON, inspection); they stay `undefined`. */
const PROBED = new Set(['then', 'toJSON', 'constructor', 'inspect', 'asymmetricMatch']);

/**
 * A read-only view of `target` that throws on any other string property.
 * @template {object} T
 * @param {string} name what the object is called in k6, for the message (e.g. `k6/http`)
 * @param {T} target
 * @returns {T}
 */
export function strictObject(name, target) {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || property in object || PROBED.has(property))
        return Reflect.get(object, property, receiver);
      throw new TypeError(`k6 test double: ${name}.${property} is not emulated`);
    },
    set(_object, property) {
      throw new TypeError(`k6 test double: ${name}.${String(property)} is read-only`);
    },
  });
}
