// A small glob matcher for user excludes. Node 20's path.matchesGlob is experimental (warns), so we keep our own.
//   "*.log"      no slash: matches the base name at any depth
//   "build/"     trailing slash: directories only
//   "**/tmp/**"  a slash inside: matched against the whole path relative to the added folder

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        if (slashAfter && atSegmentStart) {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i + 1) {
        let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body}]`;
        i = close;
      } else {
        re += '\\[';
      }
    } else if (c === '/' && glob.slice(i, i + 4) === '/**' && i + 3 === glob.length) {
      re += '(?:/.*)?';
      i += 2;
    } else {
      re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

interface CompiledPattern {
  re: RegExp;
  dirOnly: boolean;
  basename: boolean;
}

/** Compiles exclude patterns once; returns a predicate over paths relative to the root (forward slashes). */
export function compileExcludes(patterns: readonly string[]): (rel: string, isDir: boolean) => boolean {
  const compiled: CompiledPattern[] = patterns
    .map((p) => p.trim())
    .filter((p) => p.length > 0 && !p.startsWith('#'))
    .map((p) => {
      const dirOnly = p.endsWith('/');
      let body = dirOnly ? p.replace(/\/+$/, '') : p;
      const basename = !body.includes('/');
      body = body.replace(/^\/+/, '');
      return { re: globToRegExp(body), dirOnly, basename };
    });
  return (rel, isDir) => {
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    return compiled.some((p) => (!p.dirOnly || isDir) && p.re.test(p.basename ? base : rel));
  };
}
