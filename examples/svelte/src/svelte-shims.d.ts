// tsc reads the .ts files of this example; the Svelte compiler reads the .svelte ones.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>>;
  export default component;
}
