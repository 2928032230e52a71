// Dev harness: `npx tsx test/e2e/fake-serve.ts [--port N] [--delay MS]` serves out/renderer with FakeEngine.
import { join } from 'node:path';
import { startBridge } from '../../src-main/bridge/server.js';
import { FakeEngine } from './fake-engine.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const engine = new FakeEngine({ delayMs: Number(arg('--delay') ?? 150) });
const bridge = await startBridge({
  engine,
  port: Number(arg('--port') ?? 0),
  rendererDir: join(import.meta.dirname, '../../out/renderer'),
});
console.log(`Parascope is running at ${bridge.url}`);
process.on('SIGINT', () => void bridge.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void bridge.close().then(() => process.exit(0)));
