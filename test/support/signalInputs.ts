import { Input } from '@angular/core';

/**
 * What Angular's compiler records for a component's signal inputs
 * (`name = input.required<string>()`), for a test component compiled at run
 * time: JIT compilation cannot see an input in a field's initializer, and the
 * Angular CLI's JIT transform writes exactly this. Assign it to the class's
 * static `propDecorators`.
 *
 * @example
 * static propDecorators = signalInputs('name')
 */
export function signalInputs(...names: readonly string[]): Record<string, ReadonlyArray<{ type: typeof Input; args: unknown[] }>> {
  return Object.fromEntries(names.map((name) => [name, [{ type: Input, args: [{ isSignal: true, alias: name, required: true, transform: undefined }] }]]));
}
