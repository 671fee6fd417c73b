// The dashboards import their stylesheets for Vite to bundle: Vite's client
// types tell the type-checker what such an import is.
/// <reference types="vite/client" />
