// onnxruntime-node sessions: execution providers are tried in order (GPU first, CPU last); a provider
// that fails is logged in one line and the next is tried. The provider in use is reported to the user.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

export type Provider = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

export function defaultProviders(platform: NodeJS.Platform = process.platform): Provider[] {
  const list: Provider[] = [];
  if (platform === 'linux' || platform === 'win32') list.push('cuda');
  if (platform === 'win32') list.push('dml');
  if (platform === 'darwin') list.push('coreml');
  list.push('webgpu', 'cpu');
  return list;
}

/** Providers from PARASCOPE_PROVIDERS (comma-separated), else the platform's default order. */
export function configuredProviders(env: NodeJS.ProcessEnv = process.env): Provider[] {
  const raw = env['PARASCOPE_PROVIDERS'];
  if (!raw) return defaultProviders();
  const valid = new Set<Provider>(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']);
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is Provider => valid.has(s as Provider));
  return list.length ? list : ['cpu'];
}

export function isGpu(provider: Provider): boolean {
  return provider !== 'cpu';
}

export function threadCount(): number {
  const env = Number(process.env['PARASCOPE_THREADS']);
  return Number.isInteger(env) && env > 0 ? env : Math.max(1, availableParallelism());
}

/**
 * Why a GPU provider cannot work on this machine, found without asking onnxruntime (which prints
 * native errors of its own when a provider library is missing); null when it is worth trying.
 */
export function providerPrecheck(provider: Provider): string | null {
  if (provider === 'cuda') {
    try {
      const binding = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
      const bin = join(binding, '..', 'bin', 'napi-v6', process.platform, process.arch);
      const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
      if (!existsSync(join(bin, lib))) return 'CUDA provider libraries are not installed';
    } catch {
      return 'onnxruntime-node not found';
    }
  }
  if (provider === 'webgpu' && process.platform === 'linux') {
    const dirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'];
    if (!dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))) return 'no Vulkan loader (libvulkan.so.1)';
  }
  return null;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: Provider;
  /** the model file that opened */
  path: string;
}

/**
 * A diagnostic line. 'info' is what loaded where (a model on a device, a provider passed over), which the window and
 * `status` already say: the CLI prints it only with --verbose; the engine's log file keeps every line.
 */
export type Log = (line: string, level?: 'info') => void;

/** The options every model session opens with (bench/profile.ts adds profiling to the same). */
export function sessionOptions(provider: Provider): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threadCount(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    logSeverityLevel: 3,
  };
}

/**
 * Opens the first (provider, file) that works: for each provider in order, the files `modelsFor` gives it, best first
 * (fp16 then fp32 on a GPU that may lack fp16 support). Each failure is one log line; the last error is thrown.
 */
export async function openSession(
  modelsFor: (p: Provider) => string[],
  providers: Provider[],
  log: Log,
  check: (path: string) => Promise<void> = async () => {},
  precheck: (p: Provider) => string | null = providerPrecheck,
): Promise<OpenedSession> {
  let lastError: unknown;
  for (const provider of providers) {
    const skip = precheck(provider);
    if (skip) {
      log(`execution provider ${provider} unavailable (${skip}); trying the next one`, 'info');
      continue;
    }
    const paths = modelsFor(provider);
    for (const [i, path] of paths.entries()) {
      await check(path); // a bad model file is the user's problem, not a provider failure
      try {
        return { session: await ort.InferenceSession.create(path, sessionOptions(provider)), provider, path };
      } catch (err) {
        lastError = err;
        const next = paths[i + 1];
        if (provider === 'cpu' && !next) continue; // thrown below: nothing left to try
        const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 160);
        log(
          next
            ? `execution provider ${provider} could not run ${basename(path)} (${msg}); trying ${basename(next)}`
            : `execution provider ${provider} unavailable (${msg}); trying the next one`,
          'info',
        );
      }
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function int64Tensor(data: BigInt64Array, dims: number[]): ort.Tensor {
  return new ort.Tensor('int64', data, dims);
}

/** Pads a batch of token id lists into [batch, maxLen] int64 tensors. */
export function padBatch(
  batch: { ids: number[]; typeIds: number[] }[],
  padId = 0,
): { inputIds: ort.Tensor; attentionMask: ort.Tensor; tokenTypeIds: ort.Tensor; mask: Uint8Array; seqLen: number } {
  const seqLen = Math.max(1, ...batch.map((b) => b.ids.length));
  const n = batch.length * seqLen;
  const ids = new BigInt64Array(n).fill(BigInt(padId));
  const att = new BigInt64Array(n);
  const types = new BigInt64Array(n);
  const mask = new Uint8Array(n);
  batch.forEach((b, r) => {
    const off = r * seqLen;
    for (let i = 0; i < b.ids.length; i++) {
      ids[off + i] = BigInt(b.ids[i]!);
      types[off + i] = BigInt(b.typeIds[i]!);
      att[off + i] = 1n;
      mask[off + i] = 1;
    }
  });
  const dims = [batch.length, seqLen];
  return {
    inputIds: int64Tensor(ids, dims),
    attentionMask: int64Tensor(att, dims),
    tokenTypeIds: int64Tensor(types, dims),
    mask,
    seqLen,
  };
}

/** Feeds only the inputs the graph declares (some exports drop token_type_ids). */
export function feedsFor(
  session: { readonly inputNames: readonly string[] },
  t: { inputIds: ort.Tensor; attentionMask: ort.Tensor; tokenTypeIds: ort.Tensor },
): Record<string, ort.Tensor> {
  const all: Record<string, ort.Tensor> = {
    input_ids: t.inputIds,
    attention_mask: t.attentionMask,
    token_type_ids: t.tokenTypeIds,
  };
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const v = all[name];
    if (v) feeds[name] = v;
  }
  return feeds;
}
