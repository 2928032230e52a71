// Build-time stand-in used by electron.vite.config.ts only while src-main/core/engine.ts does not exist.
import { ParascopeError } from '../common/errors.js';
import type { EngineLike } from '../core/engine-api.js';

export class Engine {
  static open(_opts: { dataDir: string; modelsDir?: string }): Promise<EngineLike> {
    return Promise.reject(new ParascopeError('INTERNAL', 'This build has no engine (src-main/core/engine.ts was missing at build time).'));
  }
}
