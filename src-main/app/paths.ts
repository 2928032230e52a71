// Where the app keeps its data and finds its models. Read once at startup, passed down explicitly.
import { app } from 'electron';
import { join, resolve } from 'node:path';

export interface AppPaths {
  dataDir: string;
  modelsDir: string;
  preload: string;
  rendererDir: string;
  engineChild: string;
}

export function appPaths(): AppPaths {
  const outDir = resolve(import.meta.dirname, '..'); // out/main → out
  return {
    dataDir: process.env.PARASCOPE_DATA_DIR ? resolve(process.env.PARASCOPE_DATA_DIR) : app.getPath('userData'),
    modelsDir: app.isPackaged ? join(process.resourcesPath, 'models') : resolve(app.getAppPath(), 'resources', 'models'),
    preload: join(outDir, 'preload', 'index.cjs'),
    rendererDir: join(outDir, 'renderer'),
    engineChild: join(outDir, 'main', 'engine-child.js'),
  };
}

/** Vite's dev server URL under `electron-vite dev`; undefined in a built app. */
export function devServerUrl(): string | undefined {
  return !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
}
