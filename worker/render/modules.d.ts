// Binary modules the Worker bundle imports (wrangler module rules): wasm is compiled by the runtime
// at upload ("CompiledWasm"), because workerd refuses to compile wasm from bytes at run time.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

declare module '*.woff' {
  const data: ArrayBuffer;
  export default data;
}
