// A template file's module is its text: esbuild's text loader in dist/, a generated module in out/.
declare module '*.sh' {
  const text: string;
  export default text;
}
declare module '*.filters' {
  const text: string;
  export default text;
}
declare module '*.py' {
  const text: string;
  export default text;
}
