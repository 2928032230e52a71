// Thin adapter over @huggingface/tokenizers. It has no truncation, so special tokens are added here from
// the model's own template (learned once by encoding a probe), with longest-first truncation for pairs
// as in Hugging Face tokenizers.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { ParascopeError } from '../../common/errors.js';

export interface Encoded {
  ids: number[];
  typeIds: number[];
}

interface Template {
  prefix: number[];
  middle: number[];
  suffix: number[];
  pairSuffix: number[];
}

function locate(full: number[], part: number[], from: number): number {
  outer: for (let i = from; i + part.length <= full.length; i++) {
    for (let j = 0; j < part.length; j++) if (full[i + j] !== part[j]) continue outer;
    return i;
  }
  return -1;
}

/** WordPiece's whole-word entries (a BPE vocabulary marks them differently and gives none: nothing is lost but the hint). */
function wholeWords(json: object): Set<string> {
  const vocab = (json as { model?: { vocab?: unknown } }).model?.vocab;
  const words = vocab && typeof vocab === 'object' && !Array.isArray(vocab) ? Object.keys(vocab) : [];
  return new Set(words.filter((w) => w.length >= 4 && /^\p{Ll}+$/u.test(w)));
}

export class TextTokenizer {
  private readonly template: Template;

  private constructor(
    private readonly tok: Tokenizer,
    /** The whole words of the vocabulary (four letters or more, no word-piece marks): the common words of its language. */
    readonly words: ReadonlySet<string>,
  ) {
    const a = this.raw('a');
    const b = this.raw('b');
    const single = tok.encode('a', { add_special_tokens: true }).ids;
    const ia = locate(single, a, 0);
    const pair = tok.encode('a', { text_pair: 'b', add_special_tokens: true }).ids;
    const pa = locate(pair, a, 0);
    const pb = locate(pair, b, pa + a.length);
    this.template = {
      prefix: single.slice(0, ia),
      suffix: single.slice(ia + a.length),
      middle: pair.slice(pa + a.length, pb),
      pairSuffix: pair.slice(pb + b.length),
    };
  }

  static async load(dir: string): Promise<TextTokenizer> {
    const read = async (rel: string): Promise<object> => {
      try {
        return JSON.parse(await readFile(join(dir, rel), 'utf8')) as object;
      } catch (err) {
        if (rel !== 'tokenizer.json' && (err as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw new ParascopeError('MODEL_INVALID', `Model file ${join(dir, rel)} is missing or not valid JSON.`);
      }
    };
    const [json, config] = await Promise.all([read('tokenizer.json'), read('tokenizer_config.json')]);
    return new TextTokenizer(new Tokenizer(json, config), wholeWords(json));
  }

  /** Token ids of a text without special tokens. */
  raw(text: string): number[] {
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  countTokens(text: string): number {
    return this.raw(text).length;
  }

  /** [CLS] text [SEP], truncated to maxLength. */
  encode(text: string, maxLength: number): Encoded {
    const { prefix, suffix } = this.template;
    const body = this.raw(text).slice(0, Math.max(0, maxLength - prefix.length - suffix.length));
    const ids = [...prefix, ...body, ...suffix];
    return { ids, typeIds: new Array<number>(ids.length).fill(0) };
  }

  /** [CLS] a [SEP] b [SEP] with longest-first truncation to maxLength. */
  encodePair(a: string, b: string, maxLength: number, aIds?: number[]): Encoded {
    const { prefix, middle, pairSuffix } = this.template;
    let x = aIds ?? this.raw(a);
    let y = this.raw(b);
    const budget = maxLength - prefix.length - middle.length - pairSuffix.length;
    if (x.length + y.length > budget) {
      // longest-first: trim the longer side until both fit
      const half = Math.floor(budget / 2);
      if (x.length <= half) y = y.slice(0, budget - x.length);
      else if (y.length <= half) x = x.slice(0, budget - y.length);
      else {
        x = x.slice(0, budget - half);
        y = y.slice(0, half);
      }
    }
    const first = prefix.length + x.length + middle.length;
    const ids = [...prefix, ...x, ...middle, ...y, ...pairSuffix];
    const typeIds = ids.map((_, i) => (i < first ? 0 : 1));
    return { ids, typeIds };
  }
}
