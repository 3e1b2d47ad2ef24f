// esbuild bundles imported stylesheets into app.css; for the type checker they are modules without exports.
declare module '*.css';
