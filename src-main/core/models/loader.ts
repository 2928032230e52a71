// Finds a model folder (a bundled name or a user's path), checks its files against the manifest and
// picks the ONNX variant for the execution provider: int8 on CPU, fp16/fp32 on GPUs.
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ParascopeError } from '../../common/errors.js';
import { readManifest, verifyModelFiles, type Manifest } from './manifest.js';
import { IdleSession } from './idle-session.js';
import { isGpu, openSession, type Log, type Provider } from './ort.js';

export type Precision = 'fp32' | 'fp16' | 'int8';

export interface ModelFolder {
  id: string;
  dir: string;
  manifest: Manifest | null;
  /** precision → relative ONNX path */
  variants: Partial<Record<Precision, string>>;
}

export function resolveModelDir(nameOrPath: string, modelsDir: string): string {
  const dir = isAbsolute(nameOrPath) || nameOrPath.startsWith('.') ? resolve(nameOrPath) : join(modelsDir, nameOrPath);
  if (!existsSync(dir)) {
    throw new ParascopeError('MODEL_INVALID', `Model folder ${dir} does not exist; check the model name in settings.`);
  }
  return dir;
}

function discoverVariants(dir: string): Partial<Record<Precision, string>> {
  const out: Partial<Record<Precision, string>> = {};
  const onnxDir = join(dir, 'onnx');
  const names = existsSync(onnxDir) ? readdirSync(onnxDir).map((n) => `onnx/${n}`) : [];
  if (existsSync(join(dir, 'model.onnx'))) names.push('model.onnx');
  for (const rel of names) {
    if (!rel.endsWith('.onnx')) continue;
    if (/int8|quantized|qint8|uint8/.test(rel)) out.int8 ??= rel;
    else if (/fp16|float16/.test(rel)) out.fp16 ??= rel;
    else if (/model\.onnx$/.test(rel)) out.fp32 ??= rel;
  }
  return out;
}

export async function openModelFolder(nameOrPath: string, modelsDir: string): Promise<ModelFolder> {
  const dir = resolveModelDir(nameOrPath, modelsDir);
  const manifest = await readManifest(dir);
  const variants = (manifest?.variants as Partial<Record<Precision, string>> | undefined) ?? discoverVariants(dir);
  if (!variants.fp32 && !variants.int8 && !variants.fp16) {
    throw new ParascopeError('MODEL_INVALID', `No ONNX model found in ${dir}/onnx; export the model to ONNX first.`);
  }
  return { id: manifest?.id ?? nameOrPath, dir, manifest, variants };
}

/** The variants to try on a provider, best first: int8 on CPU; fp16, then fp32 on a GPU (fp16 needs device support). */
export function variantsFor(
  folder: ModelFolder,
  provider: Provider,
  forced = process.env['PARASCOPE_PRECISION'] as Precision | undefined,
): { precision: Precision; rel: string }[] {
  const order: Precision[] = forced
    ? [forced, 'fp32', 'int8', 'fp16']
    : isGpu(provider)
      ? ['fp16', 'fp32', 'int8']
      : ['int8', 'fp32', 'fp16'];
  const found = [...new Set(order)].flatMap((precision) => {
    const rel = folder.variants[precision];
    return rel ? [{ precision, rel }] : [];
  });
  if (!found.length) throw new ParascopeError('MODEL_INVALID', `No usable ONNX variant in ${folder.dir}.`);
  // int8 runs its integer kernels on the CPU: on a GPU only where nothing else exists
  return isGpu(provider) && found.length > 1 ? found.filter((v) => v.precision !== 'int8') : found;
}

export interface LoadedSession {
  /** Lets go of its memory after `idleReleaseMs` without a run and opens the same file again on the next. */
  session: IdleSession;
  provider: Provider;
  precision: Precision;
}

/**
 * Verifies config files and each ONNX variant before onnxruntime sees it, then opens the session. `idleReleaseMs`:
 * how long unused before the session is released (default never).
 */
export async function loadSession(
  folder: ModelFolder,
  configFiles: string[],
  providers: Provider[],
  log: Log,
  forced?: Precision,
  idleReleaseMs = Infinity,
): Promise<LoadedSession> {
  // with a manifest, every listed file but the ONNX variants not chosen must be present and intact
  const needed = folder.manifest
    ? Object.keys(folder.manifest.files).filter((f) => !f.endsWith('.onnx'))
    : ['tokenizer.json', ...configFiles];
  await verifyModelFiles(folder.dir, folder.manifest, needed);
  const verified = new Set<string>();
  const { session, provider, path } = await openSession(
    (p) => variantsFor(folder, p, forced).map((v) => join(folder.dir, v.rel)),
    providers,
    log,
    async (path) => {
      if (verified.has(path)) return;
      const rel = path.slice(folder.dir.length + 1);
      await verifyModelFiles(folder.dir, folder.manifest, [rel]);
      verified.add(path);
    },
  );
  const precision = (Object.keys(folder.variants) as Precision[]).find((p) => join(folder.dir, folder.variants[p]!) === path)!;
  // the file was verified and the provider worked: opening it again needs neither check
  const reopen = async () =>
    (
      await openSession(
        () => [path],
        [provider],
        log,
        undefined,
        () => null,
      )
    ).session;
  return { session: new IdleSession(session, reopen, idleReleaseMs), provider, precision };
}
