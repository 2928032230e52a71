// E-mail: EML (one message) and MBOX (many) through mailparser, the maintained MIME parser of the Nodemailer
// project (encodings, charsets, multipart, HTML-only bodies turned to text). Each message is a location of its own
// (page = message number) headed by its subject, sender and date; attachments are not read.
// An MBOX is split into messages at its "From " separator lines (the mbox format's one rule; mboxrd's ">From "
// quoting is undone), then each message goes to mailparser.
import { simpleParser, type AddressObject } from 'mailparser';
import type { Block } from '../../common/types.js';
import { BlockBuilder } from './blocks.js';
import { parseHtml } from './html.js';
import { FileProblem } from './problem.js';

/** Messages of an mbox: the text between "From " lines at the start of a line (the first may have none). */
export function splitMbox(text: string): string[] {
  const messages: string[] = [];
  const starts: number[] = [];
  const re = /^From [^\n]*\n/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index, m.index + m[0].length);
  if (!starts.length) return text.trim() ? [text] : [];
  if (text.slice(0, starts[0]).trim()) messages.push(text.slice(0, starts[0]));
  for (let i = 0; i < starts.length; i += 2) {
    const body = text.slice(starts[i + 1] as number, starts[i + 2] ?? text.length);
    if (body.trim()) messages.push(body.replace(/^>(>*From )/gm, '$1'));
  }
  return messages;
}

function addresses(a: AddressObject | AddressObject[] | undefined): string {
  if (!a) return '';
  // a name where the sender gave one ("Harbour Office"), else the address
  return (Array.isArray(a) ? a : [a])
    .flatMap((x) => x.value.map((v) => v.name || v.address || ''))
    .filter(Boolean)
    .join(', ');
}

async function addMessage(out: BlockBuilder, raw: string | Buffer, page: number | undefined): Promise<void> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const place = page === undefined ? {} : { page };
  const subject = mail.subject?.trim() || '(no subject)';
  const meta = [addresses(mail.from), mail.date ? mail.date.toISOString().slice(0, 10) : ''].filter(Boolean).join(', ');
  out.heading(meta ? `${subject} (${meta})` : subject, 1, place);
  const body = mail.text?.trim()
    ? mail.text
    : mail.html
      ? parseHtml(mail.html)
          .map((b) => b.text)
          .join('\n\n')
      : '';
  for (const para of body.split(/\n\s*\n/)) out.paragraph(para, place);
}

export async function parseEml(buf: Buffer): Promise<Block[]> {
  const out = new BlockBuilder();
  try {
    await addMessage(out, buf, undefined);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem('failed', `unreadable e-mail (${msg.split('\n')[0]})`);
  }
  if (!out.blocks.some((b) => b.kind === 'paragraph'))
    return out.blocks.map(({ level: _l, ...b }) => ({ ...b, kind: 'paragraph' }));
  return out.blocks;
}

export async function parseMbox(text: string): Promise<Block[]> {
  const out = new BlockBuilder();
  const messages = splitMbox(text);
  let n = 0;
  for (const raw of messages) {
    n++;
    try {
      await addMessage(out, raw, n);
    } catch {
      // one unreadable message is not the archive's end: the rest are still read, and keep their numbers
    }
  }
  if (!out.blocks.length) throw new FileProblem('skipped', 'no messages in mailbox');
  return out.blocks;
}
