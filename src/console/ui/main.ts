// The console's browser entry point (bundled by scripts/build.ts into dist/console/assets/app.js).
import { html } from 'htm/preact';
import { render } from 'preact';
import { App } from './app.ts';
import './style.css';

const root = document.getElementById('app');
if (root !== null) render(html`<${App} />`, root);
