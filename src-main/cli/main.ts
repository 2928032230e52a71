// `parascope`: the engine from a terminal. Plain Node, never loads Electron.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ParascopeError, serializeError } from '../common/errors.js';
import type { RetrievalMode, SearchResult } from '../common/types.js';
import { Engine } from '../core/engine.js';
import { defaultDataDir, defaultModelsDir, expandUserPath } from '../core/paths.js';
import { formatCheck, formatResult, formatStatus, formatSummary } from './format.js';
import { progressPrinter } from './progress.js';

const USAGE = `Usage:
  parascope index <folder>... [--rebuild] [--json]      index folders (incremental)
  parascope ask "<question>" [--top 5] [--candidates 20] [--mode dense|lexical|hybrid] [--rerank|--no-rerank] [--as-typed] [--json]
  parascope ask --questions FILE --json                  one question per line in, one JSON line out
  parascope status [--json]                              folders, files, chunks, device, problems
  parascope remove <folder>                              forget a folder and its chunks
  parascope rebuild [--embedding-model NAME] [--json]    index every folder again (with another model), then switch
  parascope check [--json]                               compare the table with the library, repair what differs
  parascope serve [--port N]                             browser mode on 127.0.0.1
Options: --data-dir D (or PARASCOPE_DATA_DIR), --models-dir M, --quiet, --verbose (also which models load on which device)`;

const options = {
  'data-dir': { type: 'string' },
  'models-dir': { type: 'string' },
  top: { type: 'string' },
  candidates: { type: 'string' },
  mode: { type: 'string' },
  'no-rerank': { type: 'boolean' },
  'as-typed': { type: 'boolean' },
  // hidden tuning knobs for eval/ (not in USAGE): RRF constant, heading path shown to the re-ranker, weight of the
  // first-stage score in the re-ranked order, edit distance of the lexical leg, copies in places of their own
  'rrf-k': { type: 'string' },
  'keep-copies': { type: 'boolean' },
  'rerank-heading': { type: 'string' },
  'rerank-blend': { type: 'string' },
  fuzzy: { type: 'string' },
  rerank: { type: 'boolean' },
  json: { type: 'boolean' },
  questions: { type: 'string' },
  rebuild: { type: 'boolean' },
  'embedding-model': { type: 'string' },
  port: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function numberOption(v: string | undefined, name: string, min: number, max: number, whole = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !(whole ? Number.isInteger(n) : Number.isFinite(n)) || n < min || n > max) {
    throw new ParascopeError('BAD_REQUEST', `--${name} must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}.`);
  }
  return n;
}

const intOption = (v: string | undefined, name: string, min: number, max: number): number | undefined =>
  numberOption(v, name, min, max, true);

function boolOption(v: string | undefined, name: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ParascopeError('BAD_REQUEST', `--${name} must be true or false.`);
}

function modeOption(v: string | undefined): RetrievalMode | undefined {
  if (v === undefined) return undefined;
  if (v === 'dense' || v === 'lexical' || v === 'hybrid') return v;
  throw new ParascopeError('BAD_REQUEST', '--mode must be dense, lexical or hybrid.');
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`parascope: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const quiet = values.quiet === true;
  const verbose = values.verbose === true;
  // what loaded where is said by `status` and the index summary; the terminal gets it only when asked
  const log = (line: string, level?: 'info'): void => {
    if (!quiet && (verbose || level !== 'info')) process.stderr.write(`parascope: ${line}\n`);
  };
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const modelsDir = values['models-dir'] ?? defaultModelsDir();
  let engine: Engine | null = null;
  const onSigint = (): void => {
    if (engine) void engine.cancelIndex();
  };
  try {
    if (!['index', 'ask', 'status', 'remove', 'check', 'rebuild', 'serve'].includes(command)) {
      throw new ParascopeError('BAD_REQUEST', `unknown command "${command}"; run parascope --help.`);
    }
    // browser mode runs the engine in a child process, as the desktop app does; the one-shot commands in-process
    if (command === 'serve') return await serve(dataDir, modelsDir, intOption(values.port, 'port', 0, 65535));
    engine = await Engine.open({ dataDir, modelsDir, log });
    switch (command) {
      case 'index': {
        if (!rest.length) throw new ParascopeError('BAD_REQUEST', 'name at least one folder: parascope index <folder>.');
        process.on('SIGINT', onSigint);
        // a path on the command line is relative to the working folder (the engine's default base is home)
        const folders = rest.map((p) => expandUserPath(p, process.cwd()));
        const summary = await engine.index(folders, {
          rebuild: values.rebuild,
          onProgress: quiet ? undefined : progressPrinter(),
        });
        process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
        return summary.cancelled ? 130 : 0;
      }
      case 'ask':
        return await ask(engine, rest, values);
      case 'status': {
        const s = await engine.status();
        process.stdout.write(values.json ? `${JSON.stringify(s)}\n` : `${formatStatus(s)}\n`);
        return 0;
      }
      case 'remove': {
        if (rest.length !== 1) throw new ParascopeError('BAD_REQUEST', 'name one folder: parascope remove <folder>.');
        const { removed, files } = await engine.removeFolder({ path: expandUserPath(rest[0]!, process.cwd()) });
        process.stdout.write(`Removed ${rest[0]} (${files} files, ${removed} chunks).\n`);
        return 0;
      }
      case 'rebuild': {
        // questions keep using the current index until the new one is complete; Ctrl+C drops the new one
        process.on('SIGINT', onSigint);
        const model = values['embedding-model'];
        if (!quiet) engine.on('progress', progressPrinter());
        const summary = await engine.rebuildIndex(model ? { embeddingModel: model } : {});
        process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
        return summary.cancelled ? 130 : 0;
      }
      case 'check': {
        const report = await engine.check();
        process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${formatCheck(report)}\n`);
        return 0;
      }
    }
    return 2;
  } catch (err) {
    const e = serializeError(err);
    if (e.code === 'INTERNAL') {
      process.stderr.write(`parascope: internal error: ${e.message}\n`);
      if (process.env['PARASCOPE_DEBUG']) process.stderr.write(`${(err as Error).stack}\n`);
    } else {
      // the engine's messages are for every face; in a terminal, say which command adds a folder
      const hint = e.code === 'NO_INDEX' ? ' (parascope index <folder>)' : '';
      process.stderr.write(`parascope: ${e.message}${hint}\n`);
    }
    return e.code === 'BAD_REQUEST' ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    if (command !== 'serve') await engine?.close();
  }
}

async function ask(engine: Engine, rest: string[], values: Record<string, unknown>): Promise<number> {
  const opts = {
    top: intOption(values['top'] as string | undefined, 'top', 1, 50),
    candidates: intOption(values['candidates'] as string | undefined, 'candidates', 1, 1000),
    mode: modeOption(values['mode'] as string | undefined),
    rerank: values['no-rerank'] ? false : values['rerank'] ? true : undefined,
    rrfK: intOption(values['rrf-k'] as string | undefined, 'rrf-k', 0, 10000),
    rerankWithHeading: boolOption(values['rerank-heading'] as string | undefined, 'rerank-heading'),
    rerankBlend: numberOption(values['rerank-blend'] as string | undefined, 'rerank-blend', 0, 100),
    fuzziness: intOption(values['fuzzy'] as string | undefined, 'fuzzy', 0, 2),
    ...(values['as-typed'] ? { spelling: false } : {}),
    ...(values['keep-copies'] ? { foldCopies: false } : {}),
  };
  const json = values['json'] === true;
  const asText = (r: SearchResult): string => formatResult(r, { timings: values['quiet'] !== true });
  const toJson = (r: SearchResult): string =>
    JSON.stringify({
      question: r.question,
      ...(r.correctedQuestion ? { correctedQuestion: r.correctedQuestion } : {}),
      passages: r.passages.map((p) => ({
        path: p.path,
        text: p.text,
        score: p.score,
        page: p.page,
        line: p.line,
        location: p.location,
        start: p.start,
        end: p.end,
        relevance: p.relevance,
        retrievalRank: p.retrievalRank,
        retrievalScore: p.retrievalScore,
        cosine: p.cosine,
        rerankScore: p.rerankScore,
        heading: p.heading,
        ...(p.alsoIn
          ? {
              alsoIn: p.alsoIn.map((c) => ({
                path: c.path,
                page: c.page,
                line: c.line,
                location: c.location,
                start: c.start,
                end: c.end,
                relevance: c.relevance,
              })),
            }
          : {}),
      })),
      timings: r.timings,
      noGoodMatch: r.noGoodMatch,
    });
  const file = values['questions'] as string | undefined;
  if (file) {
    const text = await readFile(file, 'utf8').catch(() => {
      throw new ParascopeError('NOT_FOUND', `Cannot read the questions file ${file}.`);
    });
    for (const q of text.split(/\r?\n/)) {
      if (!q.trim()) continue;
      const r = await engine.ask({ question: q, ...opts });
      process.stdout.write(json ? `${toJson(r)}\n` : `${asText(r)}\n\n`);
    }
    return 0;
  }
  const question = rest.join(' ').trim();
  if (!question) throw new ParascopeError('BAD_REQUEST', 'ask needs a question: parascope ask "<question>".');
  const r = await engine.ask({ question, ...opts });
  process.stdout.write(json ? `${toJson(r)}\n` : `${asText(r)}\n`);
  return 0;
}

/**
 * Browser mode: the HTTP bridge in front of the engine host, whose engine runs in a forked child through the same
 * host class, child entry and protocol as the desktop app's utility process (host/). The address stays the same
 * from one start to the next (a bookmark keeps working): the port and token are kept in serve.json in the private
 * data folder; a remembered port that is taken gives way to a free one.
 */
async function serve(dataDir: string, modelsDir: string, port: number | undefined): Promise<number> {
  const { startBridge } = await import('../bridge/server.js');
  const { EngineHost } = await import('../host/engine-host.js');
  const { forkSpawn } = await import('../host/fork.js');
  const { makePrivateDir } = await import('../core/store/private.js');
  const { newToken } = await import('../bridge/security.js');
  const { rendererDir } = await import('./renderer-dir.js');
  const { readJsonFile, writeJsonAtomic } = await import('../core/store/json-file.js');
  const file = join(dataDir, 'serve.json');
  const saved = await readJsonFile<{ port?: unknown; token?: unknown }>(file);
  const token = typeof saved?.token === 'string' && /^[\w-]{32,}$/.test(saved.token) ? saved.token : newToken();
  const remembered =
    typeof saved?.port === 'number' && Number.isInteger(saved.port) && saved.port > 0 && saved.port < 65536 ? saved.port : 0;
  const renderer = rendererDir(); // says so when the window is not built, before anything is started
  await makePrivateDir(dataDir);
  const host = new EngineHost({ spawn: forkSpawn(), dataDir, modelsDir });
  host.warmUp(); // the engine opens (and repairs an unfinished library) while the address is printed
  const engine = host.asEngine();
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  try {
    bridge = await startBridge({
      engine,
      port: port ?? remembered,
      portFallback: port === undefined,
      token,
      rendererDir: renderer,
    });
  } catch (err) {
    await host.close(); // a running child would keep this process alive
    throw err;
  }
  await writeJsonAtomic(file, { port: Number(new URL(bridge.url).port), token });
  process.stdout.write(`Parascope is running at ${bridge.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await bridge.close();
  await host.close();
  return 0;
}
