// Worker-thread entry for ParserPool: parses (and optionally chunks) one file per message.
import { parentPort, workerData } from 'node:worker_threads';
import { chunkBlocks } from '../chunk/chunker.js';
import { chunkBlockWindows } from '../chunk/windows.js';
import { approxTokenCount, loadTokenCounter, type CountTokens } from '../chunk/tokens.js';
import { parseFile } from './index.js';
import { renderPdfPage } from './pdf-preview.js';
import { FileProblem } from './problem.js';
import { readBytes } from './read.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
let counter: Promise<CountTokens> | null = null;
function tokenCounter(): Promise<CountTokens> {
  counter ??= setup.tokenizerPath ? loadTokenCounter(setup.tokenizerPath) : Promise.resolve(approxTokenCount);
  return counter;
}

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  try {
    if (req.render) {
      const buf = await readBytes(req.path, req.options.maxBytes);
      const rendered = await renderPdfPage(
        new Uint8Array(buf.buffer, buf.byteOffset, buf.length),
        req.render.page,
        req.render.passage,
      );
      return { id: req.id, ok: true, doc: { format: 'pdf', blocks: [] }, rendered };
    }
    const doc = await parseFile(req.path, req.options);
    if (!req.chunk) return { id: req.id, ok: true, doc };
    const countTokens = await tokenCounter();
    const chunks = setup.windows
      ? chunkBlockWindows(doc.blocks, { path: req.path, countTokens, ...setup.windows })
      : chunkBlocks(doc.blocks, { path: req.path, countTokens, maxTokens: setup.maxTokens, minTokens: setup.minTokens });
    return { id: req.id, ok: true, doc, chunks };
  } catch (err) {
    if (err instanceof FileProblem) return { id: req.id, ok: false, state: err.state, message: err.message };
    const message = err instanceof Error ? err.message : String(err);
    return { id: req.id, ok: false, state: 'failed', message: `parser error: ${message.split('\n')[0]}` };
  }
}

parentPort?.on('message', (req: WorkerRequest) => {
  void handle(req).then((reply) => parentPort?.postMessage(reply));
});
