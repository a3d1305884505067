import { defineConfig } from 'tsup';
import { browserLibrary } from '../../tsup.base';

// The browser build (dist/browser.js), run after tsup.config.ts's: see browserLibrary.
export default defineConfig(browserLibrary);
