// The heading path above each paragraph ("Guide > Install > Linux"), shared by both chunkers.
import type { Block } from '../../common/types.js';

export class HeadingPath {
  private readonly stack: { level: number; text: string }[] = [];

  /** Takes a heading block: it replaces every open heading at its level or deeper. */
  enter(block: Block): void {
    const level = block.level ?? 1;
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.level >= level) this.stack.pop();
    this.stack.push({ level, text: block.text.replace(/\s+/g, ' ').trim() });
  }

  toString(): string {
    return this.stack.map((h) => h.text).join(' > ');
  }
}
