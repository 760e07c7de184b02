// esbuild.mjs loads `.css` imports of webview bundles as text (`loader: { '.css': 'text' }`).
declare module '*.css' {
  const text: string;
  export default text;
}
