// tsc reads no .vue file: this tells it what importing one gives, so the
// TypeScript around the components is checked (`npm run typecheck`). The
// components themselves are compiled by @vitejs/plugin-vue.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
